// Package yamlerr reads the line a YAML decoding error (go.yaml.in/yaml/v3)
// is about, for the messages that name a file and line: front matter and
// Hugo configuration files alike.
package yamlerr

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

var lineRe = regexp.MustCompile(`^(?:yaml: )?(?:line (\d+): )?(.*)$`)

// Line returns the 1-based line of the document that err is about (0 when
// it names none) and the message without its "yaml: line N:" prefix.
func Line(err error) (int, string) {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0] // "line 3: cannot unmarshal ..."
	}
	sub := lineRe.FindStringSubmatch(msg)
	if sub == nil || sub[1] == "" {
		return 0, sub[2]
	}
	n, _ := strconv.Atoi(sub[1])
	// The parser reports "did not find expected ..." at the 0-based line
	// of the collection it was parsing; its other errors are 1-based.
	if strings.HasPrefix(sub[2], "did not find expected") {
		n++
	}
	return n, sub[2]
}
