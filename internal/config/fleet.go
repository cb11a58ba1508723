package config

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// DefaultDrainDelay is how long a replica told to stop keeps accepting
// with /readyz red: long enough for a load balancer checking every second
// or two (HAProxy's default inter is 2 s, fall 3) or Kubernetes' endpoint
// removal to stop sending it new readers, short enough for a rolling update.
const DefaultDrainDelay = 5 * time.Second

// TrustedProxies parses ProxyTrusted: comma-separated CIDRs ("10.0.0.0/8")
// or single addresses ("192.0.2.7"). IPv4-mapped IPv6 forms are unmapped,
// as connections' addresses are.
func (c Config) TrustedProxies() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(c.ProxyTrusted, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("--proxy-trusted: %q is not a CIDR: %w", f, err)
			}
			if p.Addr().Is4In6() && p.Bits() >= 96 {
				p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("--proxy-trusted: %q is not an address or CIDR: %w", f, err)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// validateFleet checks the fleet settings.
func (c Config) validateFleet() error {
	trusted, err := c.TrustedProxies()
	switch {
	case err != nil:
		return err
	case c.ProxyProtocol && len(trusted) == 0:
		// Trusting every address would let any client claim any
		// address, and so dodge every per-address limit.
		return errors.New("--proxy-protocol needs --proxy-trusted: the load balancers' addresses (CIDRs)")
	case !c.ProxyProtocol && len(trusted) > 0:
		return errors.New("--proxy-trusted is set but --proxy-protocol is not: set both")
	case c.DrainDelay < 0:
		return errors.New("--drain-delay must not be negative")
	}
	return nil
}
