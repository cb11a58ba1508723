package gansi

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp/syntax"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// TestAnalyseIsChromas: Analyse picks the lexer chroma's lexers.Analyse
// picks, for code in many languages (what each analyser that is skipped
// looks for, and what the others look for), the code of the sample
// posts, text built to match each expression an analyser is skipped by,
// and random mixtures of their lines; and the analysers that read the
// whole text are skipped for text that has none of what they need.
func TestAnalyseIsChromas(t *testing.T) {
	skipped := map[string]bool{}
	for _, a := range chromaAnalysers() {
		if a.needs != nil {
			skipped[a.lexer.Config().Name] = true
		}
	}
	for _, name := range []string{"C", "C++", "Bash", "GDScript", "GDScript3", "dns"} {
		if !skipped[name] {
			t.Errorf("%s's analyser is asked about every text", name)
		}
	}
	texts := []string{"", "\n", "a\n", strings.Repeat("a\n", 500), strings.Repeat("\n", 300) + "#include <x>\n",
		"#include <stdio.h>\nint main(void) { return 0; }\n", "  #ifdef X\n#endif\n", "#ifndef H\n", "#include \"x.h\"\n",
		"#include <vector>\nusing namespace std;\n", "using namespace std;\n", "#include <Foo>\n",
		"#!/bin/bash\necho hi\n", "#!/usr/bin/env zsh\n", "#!/bin/sh\n", "#!/usr/local/bin/ksh\n", "x\n#!/bin/bash\n", "#! /bin/bash\n",
		"export var x = 1\n", "extends Node\nfunc _ready():\n\tpass\n", "func _process(delta):\n", "onready var a\n", "const X = 1\n", "signal hit\n",
		"@ IN SOA ns.example. admin.example. (\n", "@\tIN\tSOA\tns. a. 1 2 3 4 5\n", "x @ IN SOA\n", "@  IN  SOA ",
		"package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(1) }\n", "package x\n", "<?php echo 1; ?>\n",
		"definition user {}\nrelation x: y\npermission p = x\n", "SELECT `a`, `b` FROM `t`;\n", "SELECT [a] FROM [t];\n",
		"<?xml version=\"1.0\"?>\n<a/>\n", "<!DOCTYPE html>\n<html></html>\n", "def f():\n    return 1\n", "#!/usr/bin/env python\n",
		"---\nkey: value\n", "{\"a\": 1}\n", "%YAML 1.2\n", "\\documentclass{article}\n", "(defun f () 1)\n", "fn main() {}\n",
		"diff --git a/x b/x\n--- a/x\n+++ b/x\n", "FROM alpine\nRUN true\n", "\xff\xfe#include <x>\n", "中文 #include <x>\n",
		"`a`\n", "x `b_1` [c]\n", "[a] [b] `c`\n", "UPDATE `t` SET `v` = 1;\n", "INSERT INTO [dbo].[t] VALUES (1);\n",
		"`1a` [2b]\n", "package main // `x`\n", "definition x\n", "permission y\n"}
	// Text each skipped analyser's expressions match, built from them.
	for _, a := range chromaAnalysers() {
		c := a.lexer.Config()
		if c.Analyse == nil {
			continue
		}
		for _, r := range c.Analyse.Regexes {
			re, err := syntax.Parse(r.Pattern, syntax.Perl)
			if err != nil {
				continue
			}
			for _, s := range samples(re.Simplify()) {
				texts = append(texts, s, s+"\n", "x\n"+s+"\n", "  "+s)
			}
		}
	}
	texts = append(texts, postCode(t)...)
	var lines []string
	for _, s := range texts {
		lines = append(lines, strings.SplitAfter(s, "\n")...)
	}
	r := rand.New(rand.NewPCG(6, 2))
	for range 1500 {
		var b strings.Builder
		for n := 1 + r.IntN(12); n > 0; n-- {
			b.WriteString(lines[r.IntN(len(lines))])
		}
		texts = append(texts, b.String())
	}
	scored := map[string]int{}
	for _, s := range texts {
		if got, want := Analyse(s), lexers.Analyse(s); got != want {
			t.Errorf("Analyse(%.80q) = %s, chroma's %s", s, lexerName(got), lexerName(want))
		}
		for _, a := range chromaAnalysers() {
			if a.needs != nil && a.AnalyseText(s) > 0 {
				scored[a.lexer.Config().Name]++
			}
		}
	}
	for name := range skipped {
		if scored[name] < 10 {
			t.Errorf("%d texts scored by %s's analyser: the test checks it too little", scored[name], name)
		}
	}
}

// samples returns strings that re matches: a literal as it is, the first
// character of a class, each branch of an alternation, a repetition as
// few times as it may be (at least once where none gives nothing).
func samples(re *syntax.Regexp) []string {
	const most = 16
	switch re.Op {
	case syntax.OpLiteral:
		return []string{string(re.Rune)}
	case syntax.OpCharClass:
		if len(re.Rune) == 0 {
			return nil
		}
		return []string{string(re.Rune[0]), string(re.Rune[len(re.Rune)-1])}
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return []string{"x"}
	case syntax.OpCapture:
		return samples(re.Sub[0])
	case syntax.OpStar, syntax.OpQuest:
		return append([]string{""}, samples(re.Sub[0])...)
	case syntax.OpPlus:
		return samples(re.Sub[0])
	case syntax.OpRepeat:
		one := samples(re.Sub[0])
		var out []string
		for _, s := range one {
			out = append(out, strings.Repeat(s, max(re.Min, 1)))
		}
		return out
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			out = append(out, samples(sub)...)
		}
		return out
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range re.Sub {
			var next []string
			for _, p := range out {
				for _, s := range samples(sub) {
					if len(next) < most {
						next = append(next, p+s)
					}
				}
			}
			out = next
		}
		return out
	}
	return []string{""} // anchors and empty matches
}

// postCode returns the code blocks of the sample posts and the render
// test documents.
func postCode(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, glob := range []string{"../../content/*.md", "../../content/*/*.md", "../render/testdata/*.md"} {
		files, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			parts := strings.Split(string(b), "```")
			for i := 1; i < len(parts); i += 2 {
				_, code, _ := strings.Cut(parts[i], "\n")
				out = append(out, code)
			}
		}
	}
	if len(out) < 5 {
		t.Fatalf("only %d code blocks in the sample posts", len(out))
	}
	return out
}

// BenchmarkAnalyse analyses 16 KB of untagged code that no analyser
// recognises, and 16 KB of C.
func BenchmarkAnalyse(b *testing.B) {
	for name, text := range map[string]string{
		"lines": strings.Repeat("a\n", 8<<10),
		"c":     strings.Repeat("#include <stdio.h>\nint main(void) { return 0; }\n", 350),
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				Analyse(text)
			}
		})
	}
}

// TestAnalyseLeavesOutLexersWithoutAnalyser: the lexers left out of
// chromaAnalysers are many (the field neverScores reads is found) and
// each scores 0 for every text, so leaving them out picks as chroma did.
func TestAnalyseLeavesOutLexersWithoutAnalyser(t *testing.T) {
	kept := map[chroma.Lexer]bool{}
	for _, a := range chromaAnalysers() {
		kept[a.lexer] = true
	}
	texts := []string{"", "a\n", "package main\n", "#include <x>\n", "#!/bin/bash\n", "<?php ?>\n",
		"<!DOCTYPE html>\n", "SELECT 1;\n", "def f():\n  pass\n", "@ IN SOA x\n", strings.Repeat("x = 1\n", 50)}
	left := 0
	for _, l := range lexers.GlobalLexerRegistry.Lexers {
		a, ok := l.(chroma.Analyser)
		if !ok || kept[l] {
			continue
		}
		left++
		for _, s := range texts {
			if w := a.AnalyseText(s); w != 0 {
				t.Errorf("%s, left out, scores %q %v", l.Config().Name, s, w)
			}
		}
	}
	if left < 100 {
		t.Errorf("%d lexers left out, want the 239 without an analyser", left)
	}
	// Lexers that wrap one without an analyser (see wrapperFields).
	for _, name := range []string{"Common Lisp", "EmacsLisp", "markdown", "PHTML", "Svelte", "Go HTML Template", "HTTP"} {
		if l := lexers.Get(name); l == nil || kept[l] {
			t.Errorf("%s is asked about every text", name)
		}
	}
}

// TestTextPairsMayHoldWhatTheTextHolds checks textPairs, the filter
// Analyse looks the analysers' literals up with: every substring of a
// text (of random bytes from a small alphabet, and of each analyser's
// literals spliced into one) may be in it, and a literal made of bytes
// the text does not have is not.
func TestTextPairsMayHoldWhatTheTextHolds(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 12))
	texts := []string{"", "a", "#include <stdio.h>\n", "%% not drawn: this post's charts are over their drawing budget\ngraph TD\nA-->B\n"}
	for range 200 {
		b := make([]byte, r.IntN(64))
		for i := range b {
			const alphabet = "ab #<\n`[\xff\x00e"
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		texts = append(texts, string(b))
	}
	var lits []string
	for _, a := range chromaAnalysers() {
		lits = append(lits, a.needs...)
	}
	texts = append(texts, strings.Join(lits, "x"))
	for _, text := range texts {
		var p textPairs
		p.fill(text)
		for i := 0; i <= len(text); i++ {
			for j := i; j <= len(text) && j <= i+12; j++ {
				if !p.may(text[i:j]) {
					t.Fatalf("%q: %q, which it holds, may not be in it", text, text[i:j])
				}
			}
		}
		for _, lit := range lits {
			if strings.Contains(text, lit) && !p.may(lit) {
				t.Fatalf("%q: literal %q may not be in it", text, lit)
			}
		}
		if !strings.Contains(text, "\x01") && p.may("\x01") {
			t.Fatalf("%q: a byte it does not have may be in it", text)
		}
	}
	if (*textPairs)(nil).may("anything") != true {
		t.Fatal("a nil textPairs rules something out")
	}
}
