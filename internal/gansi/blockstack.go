package gansi

import (
	"bytes"
)

// BlockStack is a stack of block elements, used to calculate the current
// indentation & margin level during the rendering process.
type BlockStack []BlockElement

// Len returns the length of the stack.
func (s *BlockStack) Len() int {
	return len(*s)
}

// Push appends an item to the stack.
func (s *BlockStack) Push(e BlockElement) {
	*s = append(*s, e)
}

// Pop removes the last item on the stack.
func (s *BlockStack) Pop() {
	stack := *s
	if len(stack) == 0 {
		return
	}

	stack = stack[0 : len(stack)-1]
	*s = stack
}

// Indent returns the current indentation level of all elements in the stack.
func (s BlockStack) Indent() uint {
	var i uint

	for k := range s {
		if v := &s[k]; v.Style.Indent != nil {
			i += *v.Style.Indent
		}
	}

	return i
}

// Margin returns the current margin level of all elements in the stack.
func (s BlockStack) Margin() uint {
	var i uint

	for k := range s {
		if v := &s[k]; v.Style.Margin != nil {
			i += *v.Style.Margin
		}
	}

	return i
}

// Width returns the available rendering width.
func (s BlockStack) Width(ctx RenderContext) uint {
	indent, margin := s.Indent(), s.Margin()
	if indent+margin*2 > uint(ctx.options.WordWrap) {
		return 0
	}
	return uint(ctx.options.WordWrap) - indent - margin*2
}

// Parent returns the current BlockElement's parent. It is the stack's
// own, to be read and not kept across a Push: a block element is some
// 450 bytes (its style), and the copy upstream returns was made at every
// read of a field, several times for every block and text node.
func (s BlockStack) Parent() *BlockElement {
	if len(s) == 1 {
		return &BlockElement{
			Block: &bytes.Buffer{},
		}
	}

	return &s[len(s)-2]
}

// Current returns the current BlockElement: the stack's own, as Parent's.
func (s BlockStack) Current() *BlockElement {
	if len(s) == 0 {
		return &BlockElement{
			Block: &bytes.Buffer{},
		}
	}

	return &s[len(s)-1]
}

// With returns a StylePrimitive that inherits the current BlockElement's style.
func (s BlockStack) With(child StylePrimitive) StylePrimitive {
	sb := StyleBlock{}
	sb.StylePrimitive = child
	return cascadeStyle(s.Current().Style, sb, false).StylePrimitive
}
