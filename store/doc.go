// Package store groups the implementations of dialog.Store: store/memory
// for a single process and store/redis for several replicas, both checked
// by the conformance suite in store/storetest.
package store
