package telegramtest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
)

// Post delivers an update to the registered webhook with the registered
// secret and returns the HTTP status the bot answered.
//
// A bot may answer a webhook request with a Bot API method in a JSON body
// ({"method": "answerCallbackQuery", …}), as Telegram allows; the Server
// then carries that method out like a request, records it and shows it to
// OnCall before Post returns.
func (s *Server) Post(ctx context.Context, upd models.Update) (int, error) {
	_, secret := s.Webhook()
	return s.PostWithSecret(ctx, upd, secret)
}

// PostWithSecret is Post with the given secret header ("" sends none).
func (s *Server) PostWithSecret(ctx context.Context, upd models.Update, secret string) (int, error) {
	s.mu.Lock()
	webhook, target := s.webhook, s.target
	s.assignID(&upd)
	s.mu.Unlock()
	if webhook == "" {
		return 0, errors.New("telegramtest: no webhook registered")
	}
	if target == nil {
		return 0, fmt.Errorf("telegramtest: webhook %q is not an http:// URL", webhook)
	}
	body, ok := appendUpdate(make([]byte, 0, 1024), &upd)
	if !ok {
		var err error
		if body, err = json.Marshal(upd); err != nil {
			return 0, err
		}
	}
	status, contentType, reply, err := s.hooks.post(ctx, target, secret, body)
	if err != nil {
		return 0, err
	}
	if status == http.StatusOK && len(reply) > 0 {
		s.carryOut(ctx, contentType, reply)
	}
	return status, nil
}

// carryOut runs the Bot API method a bot put into its webhook answer.
// Telegram tells the bot nothing of the outcome, and neither does this.
func (s *Server) carryOut(ctx context.Context, contentType string, body []byte) {
	if ct, _, _ := mime.ParseMediaType(contentType); ct != "application/json" {
		return
	}
	params, err := jsonParams(bytes.NewReader(body))
	if err != nil {
		return
	}
	method := params["method"]
	delete(params, "method")
	if method == "" || method == "getUpdates" {
		return
	}
	s.invoke(ctx, Call{Method: method, Params: params, InWebhookAnswer: true})
}

// maxWebhookAnswer bounds the webhook answer the Server reads.
const maxWebhookAnswer = 1 << 20

// webhookTimeout bounds one webhook delivery, whatever its context.
const webhookTimeout = time.Minute

// webhookConns keeps connections to the bot's webhook alive between
// updates. It speaks plain HTTP/1.1 itself rather than through net/http's
// client, whose two goroutines per connection would make the load tool
// (lotse-load) cost as much CPU as the bot it measures.
type webhookConns struct {
	mu     sync.Mutex
	idle   []*webhookConn
	closed bool
}

type webhookConn struct {
	host string
	conn net.Conn
	r    *bufio.Reader
}

// webhookTarget is where updates go: the address of the bot's webhook and
// the start of every request to it, made once when the bot registers it.
type webhookTarget struct {
	host string
	head []byte // request line, Host and Content-Type
}

// newWebhookTarget returns the target of u, nil unless u is an http:// URL.
func newWebhookTarget(u *url.URL) *webhookTarget {
	if u == nil || u.Scheme != "http" || u.Host == "" {
		return nil
	}
	head := "POST " + u.RequestURI() + " HTTP/1.1\r\nHost: " + u.Host + "\r\nContent-Type: application/json\r\n"
	return &webhookTarget{host: u.Host, head: []byte(head)}
}

// post sends body to target and returns the answer's status, content type
// and body. A kept-alive connection that the bot closed meanwhile is
// replaced once.
func (c *webhookConns) post(ctx context.Context, target *webhookTarget, secret string, body []byte) (status int, contentType string, answer []byte, err error) {
	if strings.ContainsAny(secret, "\r\n") {
		return 0, "", nil, errors.New("telegramtest: a secret cannot hold a line break")
	}
	req := make([]byte, 0, len(target.head)+128+len(body))
	req = append(req, target.head...)
	req = append(req, "Content-Length: "...)
	req = strconv.AppendInt(req, int64(len(body)), 10)
	if secret != "" {
		req = append(req, "\r\nX-Telegram-Bot-Api-Secret-Token: "...)
		req = append(req, secret...)
	}
	req = append(req, "\r\n\r\n"...)
	req = append(req, body...)

	for attempt := 0; ; attempt++ {
		wc, reused, err := c.get(ctx, target.host)
		if err != nil {
			return 0, "", nil, err
		}
		resp, answer, answered, err := wc.exchange(ctx, req)
		if err == nil {
			if resp.Close || ctx.Err() != nil {
				wc.conn.Close()
			} else {
				c.put(wc)
			}
			return resp.StatusCode, resp.Header.Get("Content-Type"), answer, nil
		}
		wc.conn.Close()
		if !reused || answered || attempt > 0 || ctx.Err() != nil {
			return 0, "", nil, err
		}
	}
}

// exchange writes req and reads the answer; answered reports whether any
// of it arrived. When ctx ends, the connection's deadline passes, so the
// caller must not keep it.
func (wc *webhookConn) exchange(ctx context.Context, req []byte) (resp *http.Response, answer []byte, answered bool, err error) {
	wc.conn.SetDeadline(time.Now().Add(webhookTimeout))
	stop := context.AfterFunc(ctx, func() { wc.conn.SetDeadline(time.Now()) })
	defer stop()
	if _, err := wc.conn.Write(req); err != nil {
		return nil, nil, false, err
	}
	if _, err := wc.r.Peek(1); err != nil {
		return nil, nil, false, err
	}
	resp, err = http.ReadResponse(wc.r, nil)
	if err != nil {
		return nil, nil, true, err
	}
	answer, err = io.ReadAll(io.LimitReader(resp.Body, maxWebhookAnswer))
	resp.Body.Close()
	if err != nil {
		return nil, nil, true, err
	}
	return resp, answer, true, nil
}

// get returns an idle connection to host, or a new one.
func (c *webhookConns) get(ctx context.Context, host string) (wc *webhookConn, reused bool, err error) {
	c.mu.Lock()
	for len(c.idle) > 0 {
		wc = c.idle[len(c.idle)-1]
		c.idle = c.idle[:len(c.idle)-1]
		if wc.host == host {
			c.mu.Unlock()
			return wc, true, nil
		}
		wc.conn.Close()
	}
	c.mu.Unlock()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", host)
	if err != nil {
		return nil, false, err
	}
	return &webhookConn{host: host, conn: conn, r: bufio.NewReader(conn)}, false, nil
}

func (c *webhookConns) put(wc *webhookConn) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		wc.conn.Close()
		return
	}
	c.idle = append(c.idle, wc)
}

// close closes the idle connections, and those in use once they are done.
func (c *webhookConns) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	for _, wc := range c.idle {
		wc.conn.Close()
	}
	c.idle = nil
}
