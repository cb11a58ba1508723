package site

import (
	"strings"

	"github.com/sshblog/sshblog/internal/page"
)

func post(title, date string) string {
	return "---\ntitle: " + title + "\ndate: " + date + "\n---\nbody of " + title + "\n"
}

func titles(ps []*page.Page) string {
	var ts []string
	for _, p := range ps {
		ts = append(ts, p.Title)
	}
	return strings.Join(ts, ",")
}
