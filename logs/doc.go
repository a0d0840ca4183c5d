// Package logs builds Lotse's structured logger: JSON lines through
// log/slog in which a chat id never appears in the clear.
//
// An attribute named "chat" with an integer value is replaced by a keyed
// hash of it (HMAC-SHA256, the first 8 bytes in hex), so that the lines of
// one chat can be followed without telling whose chat it is. Chat ids that
// other packages put into error texts ("load chat 123: …", "save session
// 123: …") are replaced the same way. The key comes from the operator
// (LOG_HASH_KEY), so hashes match across replicas and restarts, or is
// random per process.
//
// What must never be logged stays out by convention, not by filter:
// message texts, names, phone numbers, the bot token.
package logs
