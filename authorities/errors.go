package authorities

import "errors"

// Sentinel errors of the package; returned errors wrap them.
var (
	ErrInvalidRecord   = errors.New("invalid authority record")
	ErrInvalidClock    = errors.New("invalid time of day")
	ErrInvalidWeekday  = errors.New("invalid weekday")
	ErrUnknownTimeZone = errors.New("time zone Europe/Berlin not available")
	ErrInvalidXZuFi    = errors.New("invalid XZuFi message")
)
