package limits

import (
	"context"
	"errors"
	"testing"
)

func TestSlots(t *testing.T) {
	s := NewSlots(2)
	ctx := context.Background()
	if s.Acquire(ctx) != nil || s.Acquire(ctx) != nil {
		t.Fatal("two slots of two not given")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.Acquire(cancelled); !errors.Is(err, context.Canceled) {
		t.Errorf("a third slot, its context ended: %v, want context.Canceled", err)
	}
	s.Release()
	if s.Acquire(ctx) != nil || len(s) != 2 {
		t.Error("a released slot is not given again")
	}
	var none Slots
	if none.Acquire(cancelled) != nil {
		t.Error("a nil Slots should not bound")
	}
	none.Release()
}
