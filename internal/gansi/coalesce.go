package gansi

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
)

// coalesce is chroma.Coalesce, which merges runs of tokens of one type
// into tokens of up to about maxCoalesced bytes, without its string
// concatenation: it added each token to the run's string, copying the
// run each time, so that a run of 8 KB of two-byte tokens (a code block
// of one-letter lines) cost 16 MB, and 16 KB of such code 116 times the
// memory of prose of its size. The tokens are the same (TestCoalesceAsChroma).
func coalesce(l chroma.Lexer) chroma.Lexer { return coalescer{l} }

// maxCoalesced is chroma's bound on a merged token: a token is added to
// the run while the run is shorter than this.
const maxCoalesced = 8192

type coalescer struct{ chroma.Lexer }

func (c coalescer) Tokenise(options *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	it, err := c.Lexer.Tokenise(options, text)
	if err != nil {
		return nil, err //nolint:wrapcheck // as chroma.Coalesce returns it
	}
	var (
		run  chroma.Token // the run's first token (its Value unused)
		have bool
		b    strings.Builder
	)
	return func() chroma.Token {
		for tok := it(); tok != chroma.EOF; tok = it() {
			if len(tok.Value) == 0 {
				continue
			}
			if !have {
				run, have = tok, true
				b.WriteString(tok.Value)
				continue
			}
			if run.Type == tok.Type && b.Len() < maxCoalesced {
				b.WriteString(tok.Value)
				continue
			}
			out := run
			out.Value = b.String()
			run, b = tok, strings.Builder{}
			b.WriteString(tok.Value)
			return out
		}
		if !have {
			return chroma.EOF
		}
		out := run
		out.Value = b.String()
		have, b = false, strings.Builder{}
		return out
	}, nil
}
