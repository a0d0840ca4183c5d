package e2e_test

import (
	"context"
	"net/http"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lotse-de/lotse/telegram/telegramtest"
)

// TestChaos is opt-in (LOTSE_CHAOS=60s go test ./e2e -run Chaos -v): for
// that long, chats play the script over and over on three replicas, a
// quarter of the updates delivered twice at once to two replicas, while
// every few seconds one of these happens: the Bot API answers 429 and
// 5xx, a message's connection breaks after Telegram accepted it, Redis is
// stopped for three seconds, a replica is killed with SIGKILL (and a new
// one started). It reports lost replies, repeats against the sends with an
// unknown outcome, and updates never answered 200 (stuck), and fails on a
// lost or stuck one, on more repeats than unknown outcomes, or on a
// message repeated more than once.
func TestChaos(t *testing.T) {
	spec := os.Getenv("LOTSE_CHAOS")
	if spec == "" {
		t.Skip("set LOTSE_CHAOS=60s to run")
	}
	length, err := time.ParseDuration(spec)
	if err != nil {
		t.Fatalf("LOTSE_CHAOS=%q: %v", spec, err)
	}
	c := newCluster(t)
	for range 3 {
		c.start()
	}
	ctx, cancel := context.WithTimeout(context.Background(), length+3*time.Minute)
	defer cancel()
	// Round 1 of the script starts a new chat, the later ones go on from
	// the end of the one before: three reference rounds tell both apart.
	ref := c.referenceRounds(ctx, 1, 3)
	if len(ref)%3 != 0 || !slices.Equal(ref[len(ref)/3:2*len(ref)/3], ref[2*len(ref)/3:]) {
		t.Fatalf("the reference's second and third rounds differ:\n%s", diff(ref[len(ref)/3:2*len(ref)/3], ref[2*len(ref)/3:]))
	}

	var mu sync.Mutex
	live := slices.Clone(c.replicas)
	pick := func(n int) *replica {
		mu.Lock()
		defer mu.Unlock()
		return live[n%len(live)]
	}
	end := time.Now().Add(length)
	chats := chatIDs(9000, 20)
	rounds := make([]int, len(chats))
	var stuck atomic.Int64
	var d delivery
	var wg sync.WaitGroup
	for n, chat := range chats {
		wg.Go(func() {
			user := c.api.Private(chat, "de")
			for time.Now().Before(end) {
				for step, text := range script {
					upd := c.update(user.Text(text))
					targets := []int{n + step}
					if (n+step+rounds[n])%4 == 0 {
						targets = append(targets, n+step+1) // delivered twice at once
					}
					var pair sync.WaitGroup
					for _, first := range targets {
						pair.Go(func() {
							if err := c.send(ctx, &d, upd, func(a int) *replica { return pick(first + a) }); err != nil {
								stuck.Add(1)
							}
						})
					}
					pair.Wait()
				}
				rounds[n]++
			}
		})
	}

	var cuts, kills, outages, refusals int
	for i := 0; time.Now().Before(end); i++ {
		time.Sleep(3 * time.Second)
		switch i % 4 {
		case 0:
			c.api.Fail("sendMessage",
				telegramtest.Failure{Status: http.StatusTooManyRequests, RetryAfter: 1},
				telegramtest.Failure{Status: http.StatusInternalServerError},
				telegramtest.Failure{Status: http.StatusBadGateway})
			refusals += 3
		case 1:
			c.api.Cut("sendMessage", 2)
		case 2:
			c.redis.Stop()
			time.Sleep(3 * time.Second)
			c.redis.Start()
			outages++
		case 3:
			mu.Lock()
			victim := live[i%len(live)]
			live = slices.DeleteFunc(live, func(r *replica) bool { return r == victim })
			mu.Unlock()
			victim.kill()
			kills++
			fresh := c.start()
			mu.Lock()
			live = append(live, fresh)
			mu.Unlock()
		}
	}
	wg.Wait()
	for _, call := range c.api.Calls("sendMessage") {
		if call.Cut {
			cuts++
		}
	}

	var lost, extra, played, differ, triples int
	for n, chat := range chats {
		third := len(ref) / 3
		var expect []string
		for r := range rounds[n] {
			expect = append(expect, ref[min(r, 1)*third:(min(r, 1)+1)*third]...)
		}
		got := c.waitTranscript(ctx, chat, len(expect))
		if longestRun(got) > longestRun(expect)+1 {
			triples++ // a message repeated more than once in a row
		}
		common := lcs(got, expect)
		lost += len(expect) - common
		extra += len(got) - common
		played += rounds[n]
		if (len(expect) != common || len(got) != common) && differ < 3 {
			differ++
			t.Logf("chat %d:\n%s", chat, diff(got, expect))
		}
	}
	t.Logf("%v of chaos: %d chats, %d rounds of %d steps, %d deliveries (%d failed); faults: %d Bot API errors, %d replicas killed, %d Redis outages, %d sends cut off after Telegram accepted them",
		length, len(chats), played, len(script), d.attempts.Load(), d.failures.Load(), refusals, kills, outages, cuts)
	t.Logf("lost replies: %d, repeated messages: %d (unknown outcomes: %d), stuck updates: %d", lost, extra, cuts, stuck.Load())
	if lost != 0 || stuck.Load() != 0 {
		t.Errorf("%d replies lost, %d updates stuck; want none", lost, stuck.Load())
	}
	// A send cut off may be repeated once; a replica killed while a
	// message was on the wire may repeat that message too.
	if extra > cuts+kills {
		t.Errorf("%d messages repeated, want at most %d (one per unknown outcome or kill)", extra, cuts+kills)
	}
	if triples > 0 {
		t.Errorf("%d chats got a message more than twice in a row, want none (at most one repeat per message)", triples)
	}
}

// longestRun is the length of the longest run of equal messages in a row.
func longestRun(msgs []string) int {
	best, run := 0, 0
	for i, m := range msgs {
		if i > 0 && m == msgs[i-1] {
			run++
		} else {
			run = 1
		}
		best = max(best, run)
	}
	return best
}

// lcs is the length of the longest common subsequence of a and b.
func lcs(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(cur[j], prev[j+1])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
