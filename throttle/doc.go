// Package throttle limits how many updates a chat may send. Within the
// limit an input goes on to the engine; the first input over it gets one
// friendly note, the ones after it get no answer until the window ends.
// The counting is done by a Limiter (store/redis: shared by all replicas;
// store/memory: one process).
package throttle
