package main

import (
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/sshblog/sshblog/internal/config"
	"github.com/sshblog/sshblog/internal/hugoconfig"
	"github.com/sshblog/sshblog/internal/markdown"
	"github.com/sshblog/sshblog/internal/page"
	"github.com/sshblog/sshblog/internal/site"
	"github.com/sshblog/sshblog/internal/store"
)

// contentOptions decides what to serve: the content folder and site
// settings come from the Hugo configuration when --content points at a
// Hugo site (its root or its content folder), then sshblog.toml's [site]
// table and the flags override them.
func contentOptions(cfg config.Config, log *slog.Logger) (store.Options, error) {
	opt := store.Options{
		Dir: cfg.ContentDir,
		// Never served, whatever the layout (the content folder may be
		// the repository root that holds it).
		HostKeyDir: cfg.HostKeyDir,
		SpillDir:   cfg.SpillDir,
		SpillMax:   int64(cfg.SpillMax),
		Logger:     log,
		// Without a Hugo config, count CJK text the way a Chinese-language
		// blog expects; pages without CJK text are unaffected.
		Parse: page.Options{HasCJKLanguage: true},
	}
	hugo, dir, found, err := hugoconfig.Find(cfg.ContentDir)
	if err != nil {
		return opt, fmt.Errorf("content %s: %w", cfg.ContentDir, err)
	}
	if found {
		log.Info("hugo site", "root", hugo.Root, "config", strings.Join(hugo.Files, ","), "content", dir, "language", hugo.DefaultContentLanguage)
		opt.Dir = dir
		opt.Mounts = languageFolders(hugo)
		opt.ThemeDirs = hugo.ThemeDirs // links in the content may lead there
		// Pictures of "/images/a.png" are read there, confined to them.
		opt.SiteFileDirs = append(slices.Clone(hugo.StaticDirs), hugo.AssetDirs...)
		opt.SiteRoot = hugo.Root // a git-sync link swapped to a new worktree
		langs := map[string]bool{}
		for _, code := range hugo.LanguageCodes() {
			langs[code] = true
		}
		names := map[string]string{}
		for code, l := range hugo.Languages {
			if l.LanguageName != "" {
				names[code] = l.LanguageName
			}
		}
		opt.Site = site.Config{
			Title:         hugo.Title,
			Description:   hugo.Description,
			Language:      hugo.DefaultContentLanguage,
			BaseURL:       hugo.BaseURL,
			MainSections:  hugo.MainSections,
			LanguageNames: names,
			EnableEmoji:   hugo.EnableEmoji,
			Dialect:       markdown.NewDialect(hugo.Math),
			Permalinks:    hugo.Permalinks,
		}
		opt.Parse = page.Options{
			HasCJKLanguage:  hugo.HasCJKLanguage,
			SummaryLength:   hugo.SummaryLength,
			Taxonomies:      hugo.Taxonomies,
			Languages:       langs,
			DefaultLanguage: hugo.DefaultContentLanguage,
		}
	}
	applyOverrides(&opt, cfg)
	return opt, nil
}

// languageFolders returns one mount per content folder when the site's
// languages keep their content apart (languages.<code>.contentDir), so
// that every translation is read; nil when all share one folder.
func languageFolders(site hugoconfig.Site) []store.Mount {
	codes := map[string][]string{} // folder -> languages reading it
	var dirs []string
	for _, code := range append([]string{site.DefaultContentLanguage}, site.LanguageCodes()...) {
		dir := site.ContentPath(code)
		if _, seen := codes[dir]; !seen {
			dirs = append(dirs, dir)
		}
		if !slices.Contains(codes[dir], code) {
			codes[dir] = append(codes[dir], code)
		}
	}
	if len(dirs) < 2 {
		return nil
	}
	mounts := make([]store.Mount, 0, len(dirs))
	for _, dir := range dirs {
		m := store.Mount{Dir: dir}
		if len(codes[dir]) == 1 { // else file name suffixes decide
			m.Lang = codes[dir][0]
		}
		mounts = append(mounts, m)
	}
	return mounts
}

// applyOverrides applies sshblog.toml's [site] table and --title.
func applyOverrides(opt *store.Options, cfg config.Config) {
	o := cfg.Site
	if cfg.Title != "" {
		opt.Site.Title = cfg.Title
	}
	if o.Description != "" {
		opt.Site.Description = o.Description
	}
	if o.DefaultContentLanguage != "" {
		lang := strings.ToLower(o.DefaultContentLanguage)
		opt.Site.Language, opt.Parse.DefaultLanguage = lang, lang
		if opt.Parse.Languages == nil {
			opt.Parse.Languages = map[string]bool{}
		}
		opt.Parse.Languages[lang] = true
	}
	if o.HasCJKLanguage != nil {
		opt.Parse.HasCJKLanguage = *o.HasCJKLanguage
	}
	if o.SummaryLength > 0 {
		opt.Parse.SummaryLength = o.SummaryLength
	}
	if o.MainSections != nil {
		opt.Site.MainSections = o.MainSections
	}
	if o.Taxonomies != nil {
		opt.Parse.Taxonomies = o.Taxonomies
	}
}
