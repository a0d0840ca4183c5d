// Package telegram connects the dialog engine to Telegram through the
// go-telegram/bot client.
//
// A Bot receives updates by long polling (Run without a webhook URL) or by
// webhook (Run with Config.WebhookURL, or its WebhookHandler mounted on a
// server of your own). Every update goes through the same path:
//
//   - updates of one chat are handled one after another, in order, by the
//     worker that owns the chat; different chats run in parallel on a
//     bounded number of workers;
//   - a message, a tapped button or a shared location becomes a
//     dialog.Input, the Handler answers with dialog.Replies;
//   - replies are rendered as HTML (every text escaped), choices as inline
//     keyboards with versioned callback data, a tapped menu is edited in
//     place, venues and contacts are sent as such, long texts are split at
//     paragraph boundaries;
//   - sending keeps to Telegram's limits (about 30 messages a second in all
//     and one a second per chat, with short bursts), waits out a 429, and
//     repeats a request that surely failed (never sent, 429, 5xx).
//
// The webhook handler checks the secret token in constant time, answers 401
// to a wrong one and answers 200 only once the update has been handled; a
// failure (the Handler returned an error, a reply could not be sent)
// answers 500 so that Telegram delivers the update again. A tapped button's
// callback query is answered in that 200 answer (Telegram runs a method
// given in a webhook answer), which saves a request per tap; when the turn
// takes longer than Config.TypingAfter, and by long polling, it is answered
// by a request of its own while the turn runs, so the spinner stops soon.
// Messages always go by requests of their own, whose outcome the bot
// needs: a webhook answer's outcome is never reported.
//
// A panic while handling an update is recovered, logged with the update id
// and answered with an apology. Logs never carry message texts, names,
// phone numbers or the token.
//
// # Handled once, sent once
//
// There is one mechanism for an update that comes more than once (Telegram
// delivers it again when the webhook did not answer 200, perhaps to
// another replica, perhaps while the first still works on it): the
// session. The engine saves the update id with the session in the turn's
// compare-and-set, so a second delivery finds the turn done and runs
// nothing. With an Outbox the same atomic save keeps the turn's replies
// (Input.Keep, dialog.Outgoing); the bot then claims the chat's outbox,
// sends what it holds and empties it. Whoever handles an update of the
// chat (a redelivery, or the next message) claims the outbox too, so
// replies that a dead or failed replica left are sent then, from the
// message where it stopped. The claim is a lease that one replica holds at
// a time, so two replicas never send the same replies. A message whose
// outcome is unknown (the connection broke after the request went out) is
// marked as tried and sent once more at the redelivery; after a second
// unknown outcome it is dropped: a duplicate is better than a lost
// answer, but never twice in a row. Inline queries have no session: one
// delivered again is answered again, and Telegram's refusal of a second
// answer ends it.
package telegram
