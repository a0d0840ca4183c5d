package telegram

import (
	"html"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/lotse-de/lotse/dialog"
)

// MaxMessageLength is the most UTF-16 code units Telegram takes in one
// message text. FormatBlocks measures the HTML source, which is never
// shorter than the text Telegram counts.
const MaxMessageLength = 4096

// bullet starts every item line.
const bullet = "• "

// htmlLine is one line of output before it is escaped: a title, a line of
// text or an item.
type htmlLine struct {
	text string // plain, unescaped
	bold bool
	item bool
	para bool // starts a paragraph: a blank line before it
}

func (l htmlLine) render() string {
	s := html.EscapeString(l.text)
	if l.item {
		s = bullet + s
	}
	if l.bold {
		s = "<b>" + s + "</b>"
	}
	return s
}

// overhead is the size the markup of l adds to its escaped text.
func (l htmlLine) overhead() int {
	n := 0
	if l.item {
		n += utf16Len(bullet)
	}
	if l.bold {
		n += len("<b></b>")
	}
	return n
}

// FormatBlocks renders blocks as Telegram HTML messages of at most limit
// UTF-16 code units each (MaxMessageLength when limit <= 0): titles bold,
// items as "• " lines, a blank line between blocks and paragraphs, every
// text escaped. Longer output is split at a paragraph boundary where there
// is one, else at a line, else at a space. It returns nil for blocks
// without text.
func FormatBlocks(blocks []dialog.Block, limit int) []string {
	if limit <= 0 {
		limit = MaxMessageLength
	}
	lines := blockLines(blocks)
	type unit struct {
		html string
		para bool
		size int
	}
	var units []unit
	for _, l := range lines {
		for i, piece := range splitLine(l, limit) {
			p := l
			p.text = piece
			p.para = l.para && i == 0
			h := p.render()
			units = append(units, unit{html: h, para: p.para, size: utf16Len(h)})
		}
	}
	var chunks []string
	var cur []unit
	size := func(us []unit) int {
		n := 0
		for i, u := range us {
			n += u.size
			if i > 0 {
				n++
				if u.para {
					n++
				}
			}
		}
		return n
	}
	emit := func(us []unit) {
		var b strings.Builder
		for i, u := range us {
			if i > 0 {
				b.WriteByte('\n')
				if u.para {
					b.WriteByte('\n')
				}
			}
			b.WriteString(u.html)
		}
		chunks = append(chunks, b.String())
	}
	curSize := 0 // size(cur), kept up to date
	for _, u := range units {
		for len(cur) > 0 && curSize+1+boolInt(u.para)+u.size > limit {
			p := 0
			for i := len(cur) - 1; i > 0; i-- {
				if cur[i].para {
					p = i
					break
				}
			}
			if p > 0 {
				emit(cur[:p])
				cur = append([]unit(nil), cur[p:]...)
				curSize = size(cur)
				continue
			}
			emit(cur)
			cur, curSize = nil, 0
		}
		if len(cur) == 0 {
			curSize = u.size
		} else {
			curSize += 1 + boolInt(u.para) + u.size
		}
		cur = append(cur, u)
	}
	if len(cur) > 0 {
		emit(cur)
	}
	return chunks
}

// blockLines flattens blocks to lines; empty lines only mark paragraphs.
func blockLines(blocks []dialog.Block) []htmlLine {
	var out []htmlLine
	for _, b := range blocks {
		para := true
		add := func(l htmlLine) {
			if strings.TrimSpace(l.text) == "" {
				para = true
				return
			}
			l.para = para
			para = false
			out = append(out, l)
		}
		if strings.TrimSpace(b.Title) != "" {
			add(htmlLine{text: b.Title, bold: true})
		}
		if strings.TrimSpace(b.Text) != "" {
			for _, t := range strings.Split(b.Text, "\n") {
				add(htmlLine{text: strings.TrimRight(t, " \t\r")})
			}
		}
		for _, it := range b.Items {
			add(htmlLine{text: strings.ReplaceAll(it, "\n", " "), item: true})
		}
	}
	return out
}

// splitLine cuts the text of l into pieces whose rendered size fits limit,
// at spaces where possible.
func splitLine(l htmlLine, limit int) []string {
	room := limit - l.overhead()
	if room < 8 {
		room = 8
	}
	text := strings.ToValidUTF8(l.text, "\uFFFD")
	if escapedLen(text) <= room {
		return []string{text}
	}
	var pieces []string
	for text != "" {
		n, lastSpace, cut := 0, -1, len(text)
		for i, r := range text {
			w := escapedRuneLen(r)
			if n+w > room {
				cut = i
				break
			}
			n += w
			if r == ' ' {
				lastSpace = i
			}
		}
		if cut < len(text) && lastSpace > 0 {
			cut = lastSpace
		}
		if cut == 0 { // cannot happen with room >= 8, but never loop forever
			_, size := utf8.DecodeRuneInString(text)
			cut = size
		}
		piece := strings.TrimRight(text[:cut], " ")
		if strings.TrimSpace(piece) != "" { // a cut can leave only blanks, such as " \n": no piece of them
			pieces = append(pieces, piece)
		}
		text = strings.TrimLeft(text[cut:], " ")
	}
	return pieces
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func escapedLen(s string) int {
	n := 0
	for _, r := range s {
		n += escapedRuneLen(r)
	}
	return n
}

// escapedRuneLen is the UTF-16 size of r after html.EscapeString.
func escapedRuneLen(r rune) int {
	switch r {
	case '<', '>':
		return 4
	case '&', '\'', '"':
		return 5
	}
	return utf16.RuneLen(r)
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
