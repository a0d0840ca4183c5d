// Package germany holds what the parts of Lotse mean by "in Germany": the
// time zone of its calendar days and office hours.
package germany

import (
	"sync"
	"time"
	_ "time/tzdata" // Europe/Berlin must load in a distroless image too
)

// Location returns the Europe/Berlin time zone, loaded once.
var Location = sync.OnceValues(func() (*time.Location, error) {
	return time.LoadLocation("Europe/Berlin")
})
