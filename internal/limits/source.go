package limits

import "net/netip"

// Source is the network a client address is counted under: the address
// itself for IPv4, its /64 for IPv6, where one subscriber usually holds a
// whole /64 and could otherwise pose as 2^64 clients.
type Source netip.Prefix

// SourceOf returns the source of a client address. An invalid address (a
// connection that is not TCP) maps to the zero Source, shared by all such.
func SourceOf(a netip.Addr) Source {
	a = a.Unmap()
	if !a.IsValid() {
		return Source{}
	}
	bits := 64
	if a.Is4() {
		bits = 32
	}
	p, _ := a.Prefix(bits)
	return Source(p)
}

// String is the source as written in logs: the address, or the /64.
func (s Source) String() string {
	p := netip.Prefix(s)
	if !p.IsValid() {
		return "unknown"
	}
	if p.Addr().Is4() {
		return p.Addr().String()
	}
	return p.String()
}
