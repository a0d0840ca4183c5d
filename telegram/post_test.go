package telegram

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/go-telegram/bot"
)

// TestAnswerErrorsAreTheLibrarys checks that the requests the bot posts
// itself fail with the errors go-telegram/bot gives for the same answer,
// which call, refused and transient tell apart.
func TestAnswerErrorsAreTheLibrarys(t *testing.T) {
	for _, tc := range []struct {
		answer    string
		is        error
		transient bool
	}{
		{answer: `{"ok":true,"result":{}}`},
		{answer: `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`, is: bot.ErrorForbidden},
		{answer: `{"ok":false,"error_code":400,"description":"Bad Request: message is not modified"}`, is: bot.ErrorBadRequest},
		{answer: `{"ok":false,"error_code":401,"description":"Unauthorized"}`, is: bot.ErrorUnauthorized},
		{answer: `{"ok":false,"error_code":404,"description":"Not Found"}`, is: bot.ErrorNotFound},
		{answer: `{"ok":false,"error_code":409,"description":"Conflict"}`, is: bot.ErrorConflict},
		{answer: `{"ok":false,"error_code":502,"description":"Bad Gateway"}`},
	} {
		var a apiAnswer
		if err := json.Unmarshal([]byte(tc.answer), &a); err != nil {
			t.Fatal(err)
		}
		err := a.err("sendMessage")
		switch {
		case tc.is == nil && a.OK && err != nil:
			t.Errorf("%s: %v, want no error", tc.answer, err)
		case tc.is == nil && !a.OK && (err == nil || transient(err)):
			t.Errorf("%s: %v, want an answer of the Bot API, not a network failure", tc.answer, err)
		case tc.is != nil && !errors.Is(err, tc.is):
			t.Errorf("%s: %v, want %v", tc.answer, err, tc.is)
		}
	}

	var a apiAnswer
	_ = json.Unmarshal([]byte(`{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}`), &a)
	var tooMany *bot.TooManyRequestsError
	if err := a.err("sendMessage"); !errors.As(err, &tooMany) || tooMany.RetryAfter != 7 {
		t.Errorf("429: %v, want a TooManyRequestsError with retry after 7", err)
	}
	_ = json.Unmarshal([]byte(`{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1001234}}`), &a)
	var migrate *bot.MigrateError
	if err := a.err("sendMessage"); !errors.As(err, &migrate) || migrate.MigrateToChatID != -1001234 {
		t.Errorf("migrate: %v, want a MigrateError to -1001234", err)
	}
}
