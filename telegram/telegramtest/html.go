package telegramtest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
)

// ErrEntities is the error of text that Telegram cannot parse as HTML.
var ErrEntities = errors.New("can't parse entities")

// allowedTags are the HTML tags Telegram accepts.
var allowedTags = map[string]bool{
	"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true,
	"s": true, "strike": true, "del": true, "a": true, "code": true, "pre": true,
	"tg-spoiler": true, "span": true, "blockquote": true, "tg-emoji": true,
}

// ParseHTML parses text in Telegram's HTML style and returns the plain text
// Telegram would show. It fails with ErrEntities, as Telegram does, on an
// unknown or unclosed tag, a stray '<', '>' or '&', or an unknown entity.
func ParseHTML(s string) (string, error) {
	var plain strings.Builder
	var open []string
	for i := 0; i < len(s); {
		switch c := s[i]; c {
		case '<':
			end := strings.IndexByte(s[i:], '>')
			if end < 0 {
				return "", fmt.Errorf("%w: unclosed start tag at byte offset %d", ErrEntities, i)
			}
			tag := s[i+1 : i+end]
			i += end + 1
			if strings.HasPrefix(tag, "/") {
				name := strings.ToLower(strings.TrimSpace(tag[1:]))
				if len(open) == 0 || open[len(open)-1] != name {
					return "", fmt.Errorf("%w: unexpected end tag %q", ErrEntities, name)
				}
				open = open[:len(open)-1]
				continue
			}
			name, _, _ := strings.Cut(tag, " ")
			name = strings.ToLower(name)
			if !allowedTags[name] {
				return "", fmt.Errorf("%w: unsupported start tag %q", ErrEntities, name)
			}
			open = append(open, name)
		case '>':
			return "", fmt.Errorf("%w: stray '>' at byte offset %d", ErrEntities, i)
		case '&':
			end := strings.IndexByte(s[i:], ';')
			if end < 0 || end > 10 {
				return "", fmt.Errorf("%w: stray '&' at byte offset %d", ErrEntities, i)
			}
			r, ok := entity(s[i+1 : i+end])
			if !ok {
				return "", fmt.Errorf("%w: unknown entity %q", ErrEntities, s[i:i+end+1])
			}
			plain.WriteRune(r)
			i += end + 1
		default:
			plain.WriteByte(c)
			i++
		}
	}
	if len(open) > 0 {
		return "", fmt.Errorf("%w: can't find end tag for %q", ErrEntities, open[len(open)-1])
	}
	return plain.String(), nil
}

func entity(name string) (rune, bool) {
	switch name {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "quot":
		return '"', true
	}
	if strings.HasPrefix(name, "#x") || strings.HasPrefix(name, "#X") {
		n, err := strconv.ParseUint(name[2:], 16, 32)
		return rune(n), err == nil
	}
	if strings.HasPrefix(name, "#") {
		n, err := strconv.ParseUint(name[1:], 10, 32)
		return rune(n), err == nil
	}
	return 0, false
}

// TextLength is the length of s as Telegram counts it: UTF-16 code units.
func TextLength(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
