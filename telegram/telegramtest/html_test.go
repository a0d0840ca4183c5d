package telegramtest_test

import (
	"errors"
	"testing"

	"github.com/lotse-de/lotse/telegram/telegramtest"
)

func TestParseHTML(t *testing.T) {
	tests := []struct {
		in, want string
		wantErr  bool
	}{
		{"plain", "plain", false},
		{"<b>bold</b> &lt;tag&gt; &amp; &quot;q&quot; &#39;s&#39; &#x41;", `bold <tag> & "q" 's' A`, false},
		{`<a href="https://example.org">link</a>`, "link", false},
		{"<b><i>x</i></b>", "x", false},
		{"<b>open", "", true},
		{"<b>x</i>", "", true},
		{"a < b", "", true},
		{"a > b", "", true},
		{"Fish & Chips", "", true},
		{"&nbsp;", "", true},
		{"<script>x</script>", "", true},
		{"</b>", "", true},
	}
	for _, tt := range tests {
		got, err := telegramtest.ParseHTML(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseHTML(%q): got %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil && !errors.Is(err, telegramtest.ErrEntities) {
			t.Errorf("ParseHTML(%q): error %v is not ErrEntities", tt.in, err)
		}
	}
}

func FuzzParseHTML(f *testing.F) {
	for _, s := range []string{"<b>x</b>", "&amp;", "&#99999999999;", "<", "&", "<a href='x'>y</a>", "<b><i></b></i>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		plain, err := telegramtest.ParseHTML(s)
		if err != nil {
			return
		}
		if telegramtest.TextLength(plain) > telegramtest.TextLength(s) {
			t.Fatalf("%q parsed to the longer %q", s, plain)
		}
	})
}
