package server

import (
	"net"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// floodSize is the number of silent connections the flood tests open:
// more than the old connection cap (max sessions + 64).
const floodSize = 1100

// silentFlood opens n TCP connections to addr from 127.0.0.1 that never
// speak, as a handshake flood does, and closes them when the test ends.
func silentFlood(t testing.TB, addr string, n int) {
	t.Helper()
	conns := make([]net.Conn, 0, n)
	t.Cleanup(func() {
		for _, c := range conns {
			c.Close()
		}
	})
	for range n {
		c, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if err != nil {
			t.Fatalf("flood connection %d: %v", len(conns), err)
		}
		conns = append(conns, c)
	}
}

// dialFrom opens an anonymous SSH client to addr from the local address
// src (another loopback address stands for another reader on the internet).
func dialFrom(src, addr string) (*gossh.Client, error) {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}, Timeout: 10 * time.Second}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	conn.SetDeadline(time.Now().Add(20 * time.Second))
	c, chans, reqs, err := gossh.NewClientConn(conn, addr, &gossh.ClientConfig{
		User:            "reader",
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
	})
	if err != nil {
		conn.Close()
		return nil, err
	}
	conn.SetDeadline(time.Time{})
	return gossh.NewClient(c, chans, reqs), nil
}

// lsFrom runs `ls` on addr from the local address src.
func lsFrom(src, addr string) (string, error) {
	c, err := dialFrom(src, addr)
	if err != nil {
		return "", err
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		return "", err
	}
	out, err := sess.Output("ls")
	return string(out), err
}
