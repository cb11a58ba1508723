package tui

import (
	"charm.land/lipgloss/v2"
)

// styles are the colours and text styles of one session, built for a dark
// or a light terminal background.
type styles struct {
	Title, Description   lipgloss.Style
	ItemTitle, ItemMeta  lipgloss.Style
	ItemSummary          lipgloss.Style
	SelTitle, SelMeta    lipgloss.Style
	SelSummary, SelBar   lipgloss.Style
	Tag                  lipgloss.Style
	Rule, Footer, Status lipgloss.Style
	StatusAccent         lipgloss.Style
	HelpKey, HelpDesc    lipgloss.Style
	HelpHeading, Notice  lipgloss.Style
	// Highlight marks what a search matched.
	Highlight lipgloss.Style
}

func newStyles(dark bool) styles {
	ld := lipgloss.LightDark(dark)
	accent := ld(lipgloss.Color("#5A56E0"), lipgloss.Color("#8E8BFF"))
	text := ld(lipgloss.Color("#1A1A1A"), lipgloss.Color("#E4E4E4"))
	dim := ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#8A8A8A"))
	faint := ld(lipgloss.Color("#9A9A9A"), lipgloss.Color("#5C5C5C"))
	tag := ld(lipgloss.Color("#00875F"), lipgloss.Color("#5FD7AF"))
	barBg := ld(lipgloss.Color("#E6E6F0"), lipgloss.Color("#2A2A3A"))

	return styles{
		Title:        lipgloss.NewStyle().Bold(true).Foreground(accent),
		Description:  lipgloss.NewStyle().Foreground(dim),
		ItemTitle:    lipgloss.NewStyle().Foreground(text),
		ItemMeta:     lipgloss.NewStyle().Foreground(dim),
		ItemSummary:  lipgloss.NewStyle().Foreground(faint),
		SelTitle:     lipgloss.NewStyle().Bold(true).Foreground(accent),
		SelMeta:      lipgloss.NewStyle().Foreground(text),
		SelSummary:   lipgloss.NewStyle().Foreground(dim),
		SelBar:       lipgloss.NewStyle().Foreground(accent),
		Tag:          lipgloss.NewStyle().Foreground(tag),
		Rule:         lipgloss.NewStyle().Foreground(faint),
		Footer:       lipgloss.NewStyle().Foreground(dim),
		Status:       lipgloss.NewStyle().Foreground(text).Background(barBg),
		StatusAccent: lipgloss.NewStyle().Bold(true).Foreground(accent).Background(barBg),
		HelpKey:      lipgloss.NewStyle().Bold(true).Foreground(accent),
		HelpDesc:     lipgloss.NewStyle().Foreground(text),
		HelpHeading:  lipgloss.NewStyle().Bold(true).Underline(true).Foreground(text),
		Notice:       lipgloss.NewStyle().Foreground(tag),
		Highlight:    lipgloss.NewStyle().Bold(true).Reverse(true),
	}
}
