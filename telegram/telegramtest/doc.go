// Package telegramtest is a fake Telegram Bot API server for tests and
// benchmarks of bots built on go-telegram/bot.
//
// A Server runs on httptest and speaks the methods a Lotse bot uses:
// getMe, getUpdates (long polling), setWebhook, deleteWebhook, sendMessage,
// editMessageText, answerCallbackQuery, sendVenue, sendContact,
// sendChatAction, setMyCommands and answerInlineQuery. It checks what
// Telegram checks and a test would otherwise miss: HTML that Telegram
// cannot parse, texts longer than 4096 characters, callback data longer
// than 64 bytes, edits of unknown messages, answers to unknown callback
// queries. It records every call, keeps the messages of each chat (edits
// applied), and can answer 429 or 5xx on demand.
//
// Updates reach the bot either by long polling (Inject) or by webhook
// (Post, to the URL and with the secret the bot registered); a method the
// bot puts into its webhook answer is carried out and recorded like a
// request (Call.InWebhookAnswer), and Unanswered lists the callback
// queries the bot has not answered. Chat builds
// updates as a user in a chat would send them, including taps on the
// buttons of the bot's last messages.
//
//	srv := telegramtest.NewServer()
//	defer srv.Close()
//	alice := srv.Private(1001, "de")
//	srv.Inject(alice.Text("/start"))
//	calls, err := srv.WaitCalls(ctx, "sendMessage", 1)
package telegramtest
