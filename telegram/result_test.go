package telegram_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/lotse-de/lotse/telegram"
)

func TestDropResultKeepsAnswersOtherThanSuccess(t *testing.T) {
	for _, c := range []struct {
		body, want string
	}{
		{`{"ok":true,"result":{"message_id":7,"text":"lang","chat":{"id":1,"type":"private"}}}`, `{"ok":true,"result":{}}`},
		{`{"ok":false,"error_code":400,"description":"Bad Request: message is not modified"}`, `{"ok":false,"error_code":400,"description":"Bad Request: message is not modified"}`},
		{`{ "ok": true, "result": {"message_id": 7} }`, `{ "ok": true, "result": {"message_id": 7} }`},
		{``, ``},
		{`{"ok"`, `{"ok"`},
	} {
		resp := &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader(c.body))}
		got, err := telegram.DropResult(resp)
		if err != nil {
			t.Fatalf("%s: %v", c.body, err)
		}
		b, _ := io.ReadAll(got.Body)
		if string(b) != c.want {
			t.Errorf("%s: got %s, want %s", c.body, b, c.want)
		}
		if c.want == `{"ok":true,"result":{}}` {
			var answer struct {
				OK     bool           `json:"ok"`
				Result models.Message `json:"result"`
			}
			if err := json.Unmarshal(b, &answer); err != nil || !answer.OK {
				t.Errorf("%s: the empty result does not decode as a message: %v", b, err)
			}
		}
	}
}
