package redis

import (
	"context"
	"fmt"
	"sync"

	goredis "github.com/redis/go-redis/v9"
)

// maxBatch bounds how many scripts one pipeline carries.
const maxBatch = 128

// scriptBatcher runs a script for many callers at once: the scripts that
// callers ask for while a pipeline is on its way to Redis go together in
// the next one. Under load a turn then shares its Redis round trip, and
// Redis reads and answers many scripts per system call; a lone caller
// waits for nothing but its own round trip.
//
// It needs no goroutine of its own: the first caller leads and sends a
// pipeline with the scripts queued so far (its own among them); when that
// is back, it hands the lead to the first caller queued meanwhile.
type scriptBatcher struct {
	client goredis.UniversalClient
	script *goredis.Script

	mu    sync.Mutex
	queue []*scriptCall
	busy  bool // a leader is at work
}

type scriptCall struct {
	keys []string
	args []any

	wake chan struct{} // the call is finished, or its caller leads
	cmd  *goredis.Cmd  // the result, once finished
}

// run runs the script with keys and args, as Script.Run does. The
// pipeline does not end with ctx, since it carries other callers'
// scripts too: the client's read and write timeouts bound it.
func (b *scriptBatcher) run(ctx context.Context, keys []string, args ...any) *goredis.Cmd {
	c := &scriptCall{keys: keys, args: args, wake: make(chan struct{}, 1)}
	b.mu.Lock()
	b.queue = append(b.queue, c)
	lead := !b.busy
	b.busy = true
	b.mu.Unlock()
	if !lead {
		<-c.wake
		if c.cmd != nil {
			return c.cmd
		}
	}

	b.mu.Lock()
	n := min(len(b.queue), maxBatch)
	batch := b.queue[:n:n]
	b.queue = append([]*scriptCall(nil), b.queue[n:]...)
	b.mu.Unlock()

	b.lead(context.WithoutCancel(ctx), c, batch)
	return c.cmd
}

// lead sends batch, wakes its callers other than c and hands the lead on.
// Should the client panic, the callers get an error and the panic goes on:
// a batcher left busy would hold every later caller for ever.
func (b *scriptBatcher) lead(ctx context.Context, c *scriptCall, batch []*scriptCall) {
	defer func() {
		r := recover()
		for _, other := range batch {
			if other.cmd == nil {
				other.cmd = goredis.NewCmd(ctx)
				other.cmd.SetErr(fmt.Errorf("redis pipeline: panic: %v", r))
			}
			if other != c {
				other.wake <- struct{}{}
			}
		}
		b.mu.Lock()
		if len(b.queue) > 0 {
			b.queue[0].wake <- struct{}{} // lead the next pipeline
		} else {
			b.busy = false
		}
		b.mu.Unlock()
		if r != nil {
			panic(r)
		}
	}()
	b.send(ctx, batch)
}

// send runs the script of every call in one pipeline and hands each call
// its command. A script Redis does not know yet is loaded and run again.
func (b *scriptBatcher) send(ctx context.Context, batch []*scriptCall) {
	cmds := make([]*goredis.Cmd, len(batch))
	pipe := b.client.Pipeline()
	for i, c := range batch {
		cmds[i] = b.script.EvalSha(ctx, pipe, c.keys, c.args...)
	}
	_, _ = pipe.Exec(ctx) // each command keeps its own error
	for i, c := range batch {
		if err := cmds[i].Err(); err != nil && goredis.HasErrorPrefix(err, "NOSCRIPT") {
			cmds[i] = b.script.Run(ctx, b.client, c.keys, c.args...)
		}
		c.cmd = cmds[i]
	}
}
