package telegram_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/telegram"
	"github.com/lotse-de/lotse/telegram/telegramtest"
)

func TestFormatBlocks(t *testing.T) {
	tests := []struct {
		name   string
		blocks []dialog.Block
		limit  int
		want   []string
	}{
		{"empty", nil, 0, nil},
		{"blank block", []dialog.Block{{Title: " ", Text: "\n\n"}}, 0, nil},
		{"title, text, items", []dialog.Block{{Title: "Kosten", Text: "Gebühr:", Items: []string{"37 €", "80 €"}}}, 0,
			[]string{"<b>Kosten</b>\nGebühr:\n• 37 €\n• 80 €"}},
		{"title and items only", []dialog.Block{{Title: "Amt", Items: []string{"Tel. 1"}}}, 0,
			[]string{"<b>Amt</b>\n• Tel. 1"}},
		{"escaped", []dialog.Block{{Text: `a<b>&"c"`}}, 0, []string{"a&lt;b&gt;&amp;&#34;c&#34;"}},
		{"blocks and paragraphs", []dialog.Block{{Text: "eins\n\nzwei\ndrei"}, {Text: "vier"}}, 0,
			[]string{"eins\n\nzwei\ndrei\n\nvier"}},
		{"split at the paragraph", []dialog.Block{{Text: "aaaa bbbb"}, {Title: "T", Items: []string{"cc"}}}, 20,
			[]string{"aaaa bbbb", "<b>T</b>\n• cc"}},
		{"split a long line at spaces", []dialog.Block{{Text: "aaaa bbbb cccc"}}, 10,
			[]string{"aaaa bbbb", "cccc"}},
		{"split a long word", []dialog.Block{{Text: "abcdefghijkl"}}, 8,
			[]string{"abcdefgh", "ijkl"}},
		{"never split an entity", []dialog.Block{{Text: "&&&"}}, 8, []string{"&amp;", "&amp;", "&amp;"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := telegram.FormatBlocks(tt.blocks, tt.limit)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzFormatBlocks(f *testing.F) {
	f.Add("Kosten", "Gebühr <37 €> & mehr\n\nzweiter Absatz", "• item", 60)
	f.Add("", strings.Repeat("wort ", 2000), "x", 0)
	f.Add("<b>", "&amp;", "\xff\xfe", 9)
	f.Add("😀😀😀", "𝄞𝄞𝄞𝄞", "\u2028", 12)
	f.Fuzz(func(t *testing.T, title, text, item string, limit int) {
		if limit < 0 || limit > telegram.MaxMessageLength {
			limit = 0
		}
		blocks := []dialog.Block{{Title: title, Text: text, Items: []string{item, item}}}
		chunks := telegram.FormatBlocks(blocks, limit)
		bound := limit
		if bound <= 0 {
			bound = telegram.MaxMessageLength
		}
		bound = max(bound, 8+len("<b></b>")) // room for one character of a bold line
		var plain strings.Builder
		for _, c := range chunks {
			if !utf8.ValidString(c) {
				t.Fatalf("chunk %q is not valid UTF-8", c)
			}
			if n := telegramtest.TextLength(c); n > bound {
				t.Fatalf("chunk of %d code units, limit %d", n, bound)
			}
			p, err := telegramtest.ParseHTML(c)
			if err != nil {
				t.Fatalf("chunk %q: %v", c, err)
			}
			if strings.TrimSpace(p) == "" {
				t.Fatalf("empty chunk %q", c)
			}
			plain.WriteString(p)
		}
		// nothing lost, nothing added, nothing reordered
		if got, want := squeeze(plain.String()), squeeze(title)+squeeze(text)+squeeze(item)+squeeze(item); got != want {
			t.Fatalf("text changed: got %q, want %q", got, want)
		}
	})
}

// squeeze drops white space and bullets.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '•' {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

func TestCallbackData(t *testing.T) {
	tests := []struct {
		menu, event string
		wantErr     bool
	}{
		{"main.place_pick", "pick:160745052018", false},
		{"", "yes", false},
		{"m", "", true},
		{"a|b", "c", true},
		{"m", "e\n", true},
		{strings.Repeat("m", 40), strings.Repeat("e", 21), false},
		{strings.Repeat("m", 40), strings.Repeat("e", 22), true},
	}
	for _, tt := range tests {
		data, err := telegram.FormatCallbackData(tt.menu, tt.event)
		if (err != nil) != tt.wantErr {
			t.Fatalf("FormatCallbackData(%q, %q): got error %v, want error %v", tt.menu, tt.event, err, tt.wantErr)
		}
		if err != nil {
			continue
		}
		if len(data) > telegram.MaxCallbackData {
			t.Fatalf("%q: %d bytes", data, len(data))
		}
		menu, event, err := telegram.ParseCallbackData(data)
		if err != nil || menu != tt.menu || event != tt.event {
			t.Fatalf("ParseCallbackData(%q): got %q, %q, %v; want %q, %q", data, menu, event, err, tt.menu, tt.event)
		}
	}
}

func FuzzParseCallbackData(f *testing.F) {
	for _, s := range []string{"1|main.q|yes", "1||x", "2|a|b", "1|a|b|c", "", "|", "1|a\xff|b", strings.Repeat("1|", 40)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		menu, event, err := telegram.ParseCallbackData(data)
		if err != nil {
			return
		}
		again, err := telegram.FormatCallbackData(menu, event)
		if err != nil || again != data {
			t.Fatalf("%q parsed to %q, %q but formats to %q, %v", data, menu, event, again, err)
		}
	})
}

// TestEngineCallbacksFit checks that every menu and event of the real
// flows and catalog fits into callback data.
func TestEngineCallbacksFit(t *testing.T) {
	p := loadParts(t)
	longestMenu := ""
	for _, id := range p.Flows.IDs() {
		f, _ := p.Flows.Flow(id)
		for q := range f.Questions {
			if m := id + "." + q; len(m) > len(longestMenu) {
				longestMenu = m
			}
		}
	}
	for _, svc := range p.Catalog.Services() {
		if _, err := telegram.FormatCallbackData(longestMenu, "open:"+svc.ID); err != nil {
			t.Errorf("service %s: %v", svc.ID, err)
		}
	}
	for _, sit := range p.Catalog.Situations() {
		if _, err := telegram.FormatCallbackData(longestMenu, "situation:"+sit.ID); err != nil {
			t.Errorf("situation %s: %v", sit.ID, err)
		}
	}
}
