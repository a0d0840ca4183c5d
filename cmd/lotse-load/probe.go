package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/lotse-de/lotse/telegram/telegramtest"
)

// probe measures one chat's turns: when the update went out, when the
// first reply arrived, and the menu to tap next.
type probe struct {
	mu      sync.Mutex
	start   time.Time
	got     time.Duration
	seen    bool
	data    string
	message int
}

func (p *probe) begin() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.start, p.seen = time.Now(), false
	return p.start
}

func (p *probe) first() (time.Duration, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.got, p.seen
}

func (p *probe) menu() (string, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.data, p.message
}

type probeSet struct {
	mu sync.RWMutex
	m  map[int64]*probe

	callsMu sync.Mutex
	calls   map[string]int64 // Bot API calls by method
}

// countCall counts a Bot API call by its method.
func (s *probeSet) countCall(method string) {
	s.callsMu.Lock()
	s.calls[method]++
	s.callsMu.Unlock()
}

// callsPerTurn describes the Bot API calls made per turn, by method.
func (s *probeSet) callsPerTurn(turns int64) string {
	s.callsMu.Lock()
	defer s.callsMu.Unlock()
	methods := make([]string, 0, len(s.calls))
	var total int64
	for m, n := range s.calls {
		methods = append(methods, m)
		total += n
	}
	slices.Sort(methods)
	parts := make([]string, 0, len(methods))
	for _, m := range methods {
		parts = append(parts, fmt.Sprintf("%s %.2f", m, float64(s.calls[m])/float64(turns)))
	}
	return fmt.Sprintf("%.2f (%s)", float64(total)/float64(turns), strings.Join(parts, ", "))
}

// messagesPerTurn describes the messages the bot sent or edited per
// turn: what Telegram's limits of about 30 a second in all and one a
// second per chat count.
func (s *probeSet) messagesPerTurn(turns int64) string {
	s.callsMu.Lock()
	defer s.callsMu.Unlock()
	var sent, edited int64
	for m, n := range s.calls {
		m, _ = strings.CutSuffix(m, inWebhookAnswer)
		switch {
		case m == "editMessageText":
			edited += n
		case strings.HasPrefix(m, "send") && m != "sendChatAction":
			sent += n
		}
	}
	t := float64(turns)
	return fmt.Sprintf("%.2f (%.2f new, %.2f edits)", float64(sent+edited)/t, float64(sent)/t, float64(edited)/t)
}

func (s *probeSet) add(chat int64) *probe {
	p := &probe{}
	s.mu.Lock()
	s.m[chat] = p
	s.mu.Unlock()
	return p
}

// inWebhookAnswer marks the calls the bot made in its webhook answers.
const inWebhookAnswer = " in webhook answers"

// observe sees every call the fake API answers.
func (s *probeSet) observe(c telegramtest.Call) {
	if c.InWebhookAnswer {
		s.countCall(c.Method + inWebhookAnswer)
	} else {
		s.countCall(c.Method)
	}
	switch c.Method {
	case "sendMessage", "editMessageText", "sendVenue", "sendContact":
	default:
		return
	}
	now := time.Now()
	s.mu.RLock()
	p := s.m[c.Chat]
	s.mu.RUnlock()
	if p == nil {
		return
	}
	data := firstCallbackData(c.Param("reply_markup"))
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.seen {
		p.got, p.seen = now.Sub(p.start), true
	}
	if data != "" {
		p.data = data
		if id := c.Param("message_id"); id != "" {
			fmt.Sscan(id, &p.message)
		} else {
			p.message++ // a new message; the fake accepts edits of any id without recording
		}
	}
}

// firstCallbackData returns the callback data of the first button of an
// inline keyboard, "" without one.
func firstCallbackData(markup string) string {
	const key = `"callback_data":"`
	i := strings.Index(markup, key)
	if i < 0 {
		return ""
	}
	rest := markup[i+len(key):]
	end := strings.IndexByte(rest, '"')
	if end < 0 || strings.Contains(rest[:end], `\`) {
		var kb struct {
			InlineKeyboard [][]struct {
				CallbackData string `json:"callback_data"`
			} `json:"inline_keyboard"`
		}
		if json.Unmarshal([]byte(markup), &kb) != nil || len(kb.InlineKeyboard) == 0 || len(kb.InlineKeyboard[0]) == 0 {
			return ""
		}
		return kb.InlineKeyboard[0][0].CallbackData
	}
	return rest[:end]
}

func percentiles(d []time.Duration) string {
	if len(d) == 0 {
		return "no samples"
	}
	slices.Sort(d)
	at := func(q float64) time.Duration { return d[min(len(d)-1, int(q*float64(len(d))))] }
	return fmt.Sprintf("p50 %s  p90 %s  p99 %s  max %s  (n=%d)",
		at(0.50).Round(time.Microsecond), at(0.90).Round(time.Microsecond), at(0.99).Round(time.Microsecond), d[len(d)-1].Round(time.Microsecond), len(d))
}
