// Command roundrobin is a minimal HTTP load balancer for load tests of
// several `lotse serve` replicas on one machine: it passes each request to
// the next of its backends in turn, and to the one after when a backend
// cannot be reached (not started yet, or gone). It is what a reverse proxy
// (Caddy, nginx, Traefik, a cloud load balancer) does in front of the
// replicas in production.
//
//	go run ./e2e/roundrobin -listen 127.0.0.1:8443 http://127.0.0.1:8081 http://127.0.0.1:8082
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"time"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:8443", "address to listen on")
	patience := flag.Duration("patience", 30*time.Second, "how long to look for a reachable backend")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: roundrobin -listen ADDR BACKEND_URL...")
		os.Exit(2)
	}
	var backends []string
	for _, arg := range flag.Args() {
		u, err := url.Parse(arg)
		if err != nil || u.Host == "" {
			log.Fatalf("backend %q: not a URL", arg)
		}
		backends = append(backends, strings.TrimRight(arg, "/"))
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 512
	client := &http.Client{Transport: transport, Timeout: time.Minute}
	var next atomic.Uint64
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		first := next.Add(1)
		deadline := time.Now().Add(*patience)
		for i := uint64(0); ; i++ {
			target := backends[(first+i)%uint64(len(backends))] + r.URL.RequestURI()
			req, err := http.NewRequestWithContext(r.Context(), r.Method, target, bytes.NewReader(body))
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadGateway)
				return
			}
			req.Header = r.Header.Clone()
			resp, err := client.Do(req)
			if err != nil {
				if r.Context().Err() != nil || time.Now().After(deadline) {
					http.Error(w, "no backend reachable", http.StatusBadGateway)
					return
				}
				if (i+1)%uint64(len(backends)) == 0 {
					time.Sleep(50 * time.Millisecond)
				}
				continue
			}
			for k, v := range resp.Header {
				w.Header()[k] = v
			}
			w.WriteHeader(resp.StatusCode)
			io.Copy(w, resp.Body)
			resp.Body.Close()
			return
		}
	})
	log.Fatal(http.ListenAndServe(*listen, handler))
}
