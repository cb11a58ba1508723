package page

import (
	"fmt"

	"go.yaml.in/yaml/v3"
)

// YAML is parsed into nodes first and checked before it is decoded,
// because go.yaml.in/yaml/v3 (v3.0.6) finds duplicate keys by comparing
// every key of a mapping with every other one, and records an error for
// each pair that matches: 1 MB of distinct keys took 43 s, and 1 MB of one
// key repeated ran out of memory (billions of error lines) and took the
// process down. Duplicates are found here with a map instead, and the
// decoder only gets mappings whose comparisons it can afford.

// maxYAMLKeyPairs bounds the key comparisons the decoder makes: about
// 20 ms of work, one mapping of 2,896 keys. Each use of an alias counts
// the mappings it repeats again, since the decoder checks them again.
const maxYAMLKeyPairs = 1 << 22

// decodeYAML decodes a YAML document into m.
func decodeYAML(data []byte, m *map[string]any) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		se := yamlError(err, data)
		if se.Line == 0 {
			// The parser names no line for some of its errors (see
			// yamlErrorLine); the decoder's errors after it have one.
			se.Line = yamlErrorLine(data, se.Msg)
		}
		return se
	}
	if doc.Kind == 0 {
		return nil // an empty document
	}
	c := yamlCheck{anchors: map[*yaml.Node]int{}}
	c.walk(&doc)
	if c.err != nil {
		return c.err
	}
	if err := doc.Decode(m); err != nil {
		return yamlError(err, data)
	}
	return nil
}

// yamlCheck looks for duplicate keys and counts the key comparisons the
// decoder would make.
type yamlCheck struct {
	pairs   int                // comparisons so far, at most maxYAMLKeyPairs+1
	anchors map[*yaml.Node]int // the comparisons under each anchored node
	err     error              // the first problem found
}

type yamlKey struct {
	kind  yaml.Kind
	value string
}

// walk checks n and what it holds, in document order, and returns the
// comparisons decoding n costs.
func (c *yamlCheck) walk(n *yaml.Node) int {
	if c.err != nil {
		return 0
	}
	if n.Kind == yaml.AliasNode {
		cost := c.anchors[n.Alias]
		c.add(cost, n)
		return cost
	}
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!timestamp" && n.Style&yaml.TaggedStyle == 0 {
		// A date is read as Hugo reads it, by the page's date rule, from
		// its text: yaml.v3 also takes forms Hugo rejects ("2023-5-09")
		// and reads a date without a zone in UTC, not the site's zone.
		n.Tag = "!!str"
	}
	cost := 0
	if n.Kind == yaml.MappingNode {
		k := len(n.Content) / 2
		cost = min(k*(k-1)/2, maxYAMLKeyPairs+1)
		c.add(cost, n)
		if c.err != nil {
			return 0
		}
		// As the decoder compares them: same kind, same text.
		seen := make(map[yamlKey]int, k)
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i]
			if line, dup := seen[yamlKey{key.Kind, key.Value}]; dup {
				c.err = &SyntaxError{Line: key.Line, Format: FormatYAML, Msg: fmt.Sprintf("mapping key %#v already defined at line %d", key.Value, line)}
				return 0
			}
			seen[yamlKey{key.Kind, key.Value}] = key.Line
		}
	}
	for _, child := range n.Content {
		cost = min(cost+c.walk(child), maxYAMLKeyPairs+1)
	}
	if n.Anchor != "" {
		c.anchors[n] = cost
	}
	return cost
}

// add counts cost comparisons more, made at n.
func (c *yamlCheck) add(cost int, n *yaml.Node) {
	if c.pairs = min(c.pairs+cost, maxYAMLKeyPairs+1); c.pairs > maxYAMLKeyPairs && c.err == nil {
		c.err = &SyntaxError{Line: n.Line, Format: FormatYAML, Msg: "too many keys to check for duplicates (one mapping may hold 2,896, fewer when others are big too)"}
	}
}
