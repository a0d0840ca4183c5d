// Package telegram connects the dialog engine to Telegram through the
// go-telegram/bot client.
//
// A Bot receives updates by long polling (Run without a webhook URL) or by
// webhook (Run with Config.WebhookURL, or its WebhookHandler mounted on a
// server of your own). Every update goes through the same path:
//
//   - duplicates are dropped: each worker remembers the update ids it has
//     handled, the engine keeps the last one in the session, and inline
//     queries, which have no session, are checked with an UpdateLog;
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
//     repeats a request that surely failed (never sent, 429, 5xx); a message
//     whose fate is unknown is never sent twice.
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
package telegram
