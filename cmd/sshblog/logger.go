package main

import (
	"io"
	"log/slog"

	"github.com/sshblog/sshblog/internal/sanitize"
)

// newLogger returns the server's logger in the given format ("text" or
// "json"), writing to w.
func newLogger(w io.Writer, format string) *slog.Logger {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo, ReplaceAttr: escapeAttr}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// escapeAttr escapes what may not reach a terminal in a log value
// (sanitize.Escape): strings and errors in logs carry what clients chose,
// their user names and command lines, and content file names, and an
// operator reads logs on a terminal. The text handler quotes such values
// itself, but the JSON handler escapes only C0 controls and would pass
// DEL, C1 controls and the bidirectional controls raw; with this both
// formats show the same escapes.
func escapeAttr(_ []string, a slog.Attr) slog.Attr {
	switch a.Value.Kind() {
	case slog.KindString:
		a.Value = slog.StringValue(sanitize.Escape(a.Value.String()))
	case slog.KindAny:
		if err, ok := a.Value.Any().(error); ok {
			a.Value = slog.StringValue(sanitize.Escape(err.Error()))
		}
	}
	return a
}
