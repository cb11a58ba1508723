package hugoconfig

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestLoadMalformed(t *testing.T) {
	tests := []struct {
		name     string
		files    map[string]string
		badFile  string // file the error must name, relative to the root
		wantLine int
	}{
		{
			name:     "toml",
			files:    map[string]string{"hugo.toml": "title = 'ok'\nbaseURL = 'https://x/'\n[params\ndescription = 'x'\n"},
			badFile:  "hugo.toml",
			wantLine: 3,
		},
		{
			name:     "toml duplicate key",
			files:    map[string]string{"config.toml": "title = 'a'\n\ntitle = 'b'\n"},
			badFile:  "config.toml",
			wantLine: 3,
		},
		{
			name:     "yaml",
			files:    map[string]string{"hugo.yaml": "title: ok\nparams:\n  a: x\n  b: : 3\n"},
			badFile:  "hugo.yaml",
			wantLine: 4,
		},
		{
			name:     "yaml unclosed flow list",
			files:    map[string]string{"hugo.yaml": "title: ok\nparams: [a, b\nbaseURL: x\n"},
			badFile:  "hugo.yaml",
			wantLine: 2,
		},
		{
			name:     "yaml with a tab",
			files:    map[string]string{"hugo.yml": "title: ok\nparams:\n\tdescription: x\n"},
			badFile:  "hugo.yml",
			wantLine: 3,
		},
		{
			name:     "yaml that is not a map",
			files:    map[string]string{"hugo.yaml": "- a\n- b\n"},
			badFile:  "hugo.yaml",
			wantLine: 1,
		},
		{
			name:     "json",
			files:    map[string]string{"hugo.json": "{\n  \"title\": \"ok\",\n  \"params\": {,}\n}\n"},
			badFile:  "hugo.json",
			wantLine: 3,
		},
		{
			name: "file in the config directory",
			files: map[string]string{
				"hugo.toml":                   "title = 'ok'\n",
				"config/_default/params.yaml": "description: ok\nbad: : :\n",
			},
			badFile:  "config/_default/params.yaml",
			wantLine: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := writeSite(t, tt.files)
			_, err := Load(root)
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not a *ParseError", err, err)
			}
			wantFile := filepath.Join(root, filepath.FromSlash(tt.badFile))
			equal(t, "ParseError.File", pe.File, wantFile)
			equal(t, "ParseError.Line", pe.Line, tt.wantLine)
			if msg := err.Error(); !strings.Contains(msg, wantFile) {
				t.Errorf("message %q does not name %s", msg, wantFile)
			}
			if _, _, _, ferr := Find(root); !errors.As(ferr, &pe) {
				t.Errorf("Find error = %v, want the ParseError", ferr)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string
		wantErr string
		is      error
	}{
		{
			name:  "no configuration",
			files: map[string]string{"content/a.md": "x"},
			is:    ErrNoConfig,
		},
		{
			name:  "only a non-default environment",
			files: map[string]string{"config/staging/hugo.toml": "title = 'x'\n"},
			is:    ErrNoConfig,
		},
		{
			name:    "default language without a definition",
			files:   map[string]string{"hugo.toml": "defaultContentLanguage = 'fr'\n[languages.en]\n"},
			wantErr: `defaultContentLanguage "fr" does not match`,
		},
		{
			name:    "summaryLength that is not a number",
			files:   map[string]string{"hugo.toml": "summaryLength = 'long'\n"},
			wantErr: "summaryLength",
		},
		{
			name:    "params that is not a map",
			files:   map[string]string{"hugo.yaml": "params: [a, b]\n"},
			wantErr: "params",
		},
		{
			name:    "languages that is not a map",
			files:   map[string]string{"hugo.yaml": "languages: [en]\n"},
			wantErr: "languages",
		},
		{
			// Codes are shown to readers (a post's other languages).
			name:    "a language code with an escape sequence",
			files:   map[string]string{"hugo.toml": "[languages.en]\n[languages.\"zh\\u001b]0;pwned\\u0007\"]\ncontentDir = 'content/zh'\n"},
			wantErr: "not a language code",
		},
		{
			name:    "a language code with a bidi override",
			files:   map[string]string{"hugo.yaml": "languages:\n  en: {}\n  \"fr\\u202e\": {}\n"},
			wantErr: "not a language code",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := writeSite(t, tt.files)
			_, err := Load(root)
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), root) {
				t.Errorf("error %q should contain %q and the site root", err, tt.wantErr)
			}
			if strings.ContainsAny(err.Error(), "\x1b\u202e") {
				t.Errorf("error %q holds what it quotes raw", err)
			}
		})
	}
}

func TestLoadEmptyFiles(t *testing.T) {
	for _, name := range []string{"hugo.toml", "hugo.yaml", "hugo.json"} {
		t.Run(name, func(t *testing.T) {
			root := writeSite(t, map[string]string{name: "\n"})
			s, err := Load(root)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			equal(t, "DefaultContentLanguage", s.DefaultContentLanguage, "en")
			equal(t, "Taxonomies", s.Taxonomies, defaultTax)
			equal(t, "SummaryLength", s.SummaryLength, 70)
			equal(t, "Params", s.Params, map[string]any{})
		})
	}
}

// A configuration file far over page.MaxDocumentSize is refused having
// read only what DecodeMap reads: it was read whole first (a sparse
// 64 MB file allocated 64 MB; a link to /dev/zero never ended).
func TestLoadHugeConfigReadsLittle(t *testing.T) {
	root := t.TempDir()
	f, err := os.Create(filepath.Join(root, "hugo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(64 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = Load(root)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "more than the 256 KB read") {
		t.Errorf("error %v, want one saying the file is too large", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 8<<20 {
		t.Errorf("loading allocated %d MB", got>>20)
	}
}
