package telegram

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-telegram/bot"
)

// NotSentError is returned for a request that failed before it was
// completely written: Telegram cannot have acted on it.
type NotSentError struct{ Err error }

// Error describes the failure.
func (e *NotSentError) Error() string { return "request not sent: " + e.Err.Error() }

// Unwrap returns the transport's error.
func (e *NotSentError) Unwrap() error { return e.Err }

// ServerError is returned for a Bot API answer with a 5xx status.
type ServerError struct{ Status int }

// Error names the status.
func (e *ServerError) Error() string { return fmt.Sprintf("bot api answered %d", e.Status) }

// formSize is room for a typical Bot API form (a message with its
// keyboard), so that reading one rarely grows the buffer.
const formSize = 4 << 10

// classifyingClient tells requests that surely failed (not sent, 5xx) from
// those whose fate is unknown, so that only the former are retried.
type classifyingClient struct{ c *http.Client }

func (c classifyingClient) Do(req *http.Request) (*http.Response, error) {
	// The library streams its multipart form through a pipe, which goes out
	// in many small chunks; read it first and send it in one piece.
	if req.Body != nil && req.ContentLength <= 0 {
		buf := bytes.NewBuffer(make([]byte, 0, formSize))
		_, err := buf.ReadFrom(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, &NotSentError{Err: err}
		}
		body := buf.Bytes()
		req.ContentLength = int64(len(body))
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	var written atomic.Bool
	trace := &httptrace.ClientTrace{
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			if info.Err == nil {
				written.Store(true)
			}
		},
	}
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), trace))
	resp, err := c.c.Do(req)
	if err != nil {
		if !written.Load() {
			return nil, &NotSentError{Err: err}
		}
		return nil, err
	}
	if resp.StatusCode >= 500 {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		return nil, &ServerError{Status: resp.StatusCode}
	}
	if resp.StatusCode == http.StatusOK && req.Context().Value(resultUnusedKey{}) != nil {
		return dropResult(resp)
	}
	return resp, nil
}

// resultUnusedKey marks the context of a Bot API call that returns a
// message the bot never reads.
type resultUnusedKey struct{}

// resultUnused marks ctx for a call whose resulting message the bot does
// not read, so that it is not decoded: Telegram echoes the whole message
// (text, keyboard, entities), and decoding that into models.Message costs
// more than building the request.
func resultUnused(ctx context.Context) context.Context {
	return context.WithValue(ctx, resultUnusedKey{}, true)
}

// okPrefix starts every successful Bot API answer.
var okPrefix = []byte(`{"ok":true,`)

// emptyResult is a successful answer with an empty message.
var emptyResult = []byte(`{"ok":true,"result":{}}`)

// dropResult replaces a successful answer by one with an empty message,
// reading past the message without keeping it. An answer of another form
// is passed on as it came.
func dropResult(resp *http.Response) (*http.Response, error) {
	defer resp.Body.Close()
	rest := io.LimitReader(resp.Body, 1<<20)
	body := make([]byte, len(okPrefix))
	n, err := io.ReadFull(rest, body)
	switch {
	case err == nil && bytes.Equal(body, okPrefix):
		if _, err := io.Copy(io.Discard, rest); err != nil {
			return nil, err
		}
		body = emptyResult
	case err == nil:
		tail, err := io.ReadAll(rest)
		if err != nil {
			return nil, err
		}
		body = append(body, tail...)
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		body = body[:n]
	default:
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	return resp, nil
}

func newHTTPClient(pollTimeout time.Duration, conns int) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = conns * 2
	t.MaxIdleConnsPerHost = conns * 2
	t.IdleConnTimeout = 90 * time.Second
	return &http.Client{Transport: t, Timeout: pollTimeout + 10*time.Second}
}

// callKind says how a Bot API call may be repeated and paced.
type callKind int

const (
	// callMessage sends a new message: paced, never repeated when its fate
	// is unknown.
	callMessage callKind = iota
	// callEdit changes a message: paced, safe to repeat.
	callEdit
	// callFree is neither a message nor paced (chat actions, answers to
	// queries, settings): safe to repeat.
	callFree
)

// attemptTimeout bounds one Bot API request other than getUpdates.
const attemptTimeout = 20 * time.Second

// call runs one Bot API request for chat with pacing and retries: a 429
// waits retry_after, a request that surely failed (not sent, 5xx) backs
// off; a request whose fate is unknown is repeated only when kind allows.
func (b *Bot) call(ctx context.Context, chat *chatState, kind callKind, method string, do func(ctx context.Context) error) error {
	if kind != callFree && !b.cfg.Unpaced {
		if err := b.global.Wait(ctx); err != nil {
			return err
		}
		if chat != nil {
			if err := chat.limiter.Wait(ctx); err != nil {
				return err
			}
		}
	}
	backoff := b.cfg.RetryBackoff
	var err error
	for attempt := 1; ; attempt++ {
		actx, cancel := context.WithTimeout(ctx, attemptTimeout)
		err = do(actx)
		cancel()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil || attempt >= b.cfg.MaxAttempts {
			break
		}
		var wait time.Duration
		var tooMany *bot.TooManyRequestsError
		var notSent *NotSentError
		var server *ServerError
		switch {
		case errors.As(err, &tooMany):
			wait = time.Duration(max(tooMany.RetryAfter, 1)) * time.Second
			b.stats.tooMany.Add(1)
		case errors.As(err, &notSent), errors.As(err, &server):
			wait = jitter(backoff)
			backoff = min(backoff*2, 10*time.Second)
		case kind != callMessage && transient(err):
			wait = jitter(backoff)
			backoff = min(backoff*2, 10*time.Second)
		default:
			return fmt.Errorf("%s: %w", method, outcome(kind, err))
		}
		b.stats.retries.Add(1)
		b.log.WarnContext(ctx, "telegram: bot api request failed, retrying", "method", method, "attempt", attempt, "wait", wait, "error", b.redact(err))
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("%s: %w", method, ctx.Err())
		case <-t.C:
		}
	}
	return fmt.Errorf("%s: %w", method, outcome(kind, err))
}

// unknownError is the error of a new message whose request went out but
// whose answer did not come back (a broken connection, a timeout):
// Telegram may have sent the message.
type unknownError struct{ err error }

func (e *unknownError) Error() string { return "outcome unknown: " + e.err.Error() }
func (e *unknownError) Unwrap() error { return e.err }

// outcome marks the last error of a request of kind as an unknownError
// when it may have been carried out: a network failure of a new message
// after its request was written.
func outcome(kind callKind, err error) error {
	var notSent *NotSentError
	var server *ServerError
	var tooMany *bot.TooManyRequestsError
	if kind != callMessage || errors.As(err, &notSent) || errors.As(err, &server) || errors.As(err, &tooMany) || !transient(err) {
		return err
	}
	return &unknownError{err: err}
}

// unknownOutcome reports whether err leaves open whether a message was
// sent (see unknownError).
func unknownOutcome(err error) bool {
	var u *unknownError
	return errors.As(err, &u)
}

// transient reports whether err is a network failure rather than an
// answer of the Bot API.
func transient(err error) bool {
	for _, known := range []error{bot.ErrorBadRequest, bot.ErrorForbidden, bot.ErrorUnauthorized, bot.ErrorNotFound, bot.ErrorConflict} {
		if errors.Is(err, known) {
			return false
		}
	}
	return !strings.Contains(err.Error(), "error response from telegram")
}

func jitter(d time.Duration) time.Duration {
	return d/2 + rand.N(d/2+1)
}

// redact removes the token from an error text and cuts off response bodies,
// which may carry message texts.
func (b *Bot) redact(err error) string {
	s := err.Error()
	if b.cfg.Token != "" {
		s = strings.ReplaceAll(s, b.cfg.Token, "***")
	}
	if i := strings.Index(s, "error decode response body"); i >= 0 {
		s = s[:i] + "error decode response body"
	}
	if len(s) > 300 {
		s = s[:300]
	}
	return s
}
