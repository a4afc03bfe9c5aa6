// Command loopback is an SMTP server on the loopback interface that
// accepts every message and counts it, for measuring how fast templ sends
// (docs/scale.md). It keeps nothing but the count and the bytes received,
// so the figures are templ's and the network's, not a mail store's.
//
//	go run ./pkg/send/internal/loopback -addr 127.0.0.1:2525
//
// On SIGINT or SIGTERM it prints the count and exits.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/emersion/go-smtp"
)

var messages, bytesIn atomic.Int64

type session struct{}

func (session) Reset()                               {}
func (session) Logout() error                        { return nil }
func (session) Mail(string, *smtp.MailOptions) error { return nil }
func (session) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (session) Data(r io.Reader) error {
	n, err := io.Copy(io.Discard, r)
	bytesIn.Add(n)
	messages.Add(1)
	return err
}

func main() {
	addr := flag.String("addr", "127.0.0.1:2525", "address to listen on")
	flag.Parse()
	s := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return session{}, nil }))
	s.Domain = "localhost"
	s.ReadTimeout, s.WriteTimeout = time.Minute, time.Minute
	s.MaxRecipients = 100
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-sig
		fmt.Printf("loopback: received %d messages, %d bytes\n", messages.Load(), bytesIn.Load())
		os.Exit(0)
	}()
	fmt.Fprintf(os.Stderr, "loopback: listening on %s\n", ln.Addr())
	log.Fatal(s.Serve(ln))
}
