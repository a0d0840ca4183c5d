package memory_test

import (
	"testing"
	"time"

	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/store/memory"
	"github.com/lotse-de/lotse/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T, ttl time.Duration) dialog.Store {
		return memory.New(memory.WithTTL(ttl))
	})
}

func TestLimiter(t *testing.T) {
	storetest.RunLimiter(t, func(t *testing.T) storetest.Limiter {
		return memory.NewLimiter(3, 300*time.Millisecond)
	})
}

func TestOutbox(t *testing.T) {
	s := memory.New()
	storetest.RunOutbox(t, s, s)
}
