package tui

import (
	"fmt"
	"strings"
)

// Strings holds every piece of UI text, so that a language is one value.
type Strings struct {
	Posts     func(n int) string
	Words     func(n int) string
	Minutes   func(n int) string
	Rendering string
	// RenderingProgress is Rendering with the share done, in percent.
	RenderingProgress func(pct int) string
	RenderFailed      string
	// TooLarge and NotLaidOut head a post shown as plain text: over the
	// maximum size, or its layout failed.
	TooLarge     string
	NotLaidOut   string
	NoPosts      string
	Help         string
	Quit         string
	Back         string
	Open         string
	Up           string
	Down         string
	Top          string
	Bottom       string
	PageDown     string
	PageUp       string
	KeysTitle    string
	ListTitle    string
	PagerTitle   string
	Mouse        string
	FullHelpHint string
	// Live updates, pages and translations.
	Updated        string
	PostUpdated    string
	PostGone       string
	PagesKey       string
	ReloadKey      string
	TranslationKey string
	PostsTab       string
	PagesTab       string
	AlsoIn         string
	Cover          string
	// Restarting is shown to every reader when the server shuts down.
	Restarting string
	// The table of contents and links overlays, and the updated date.
	ContentsKey, LinksKey     string
	ContentsTitle, LinksTitle string
	JumpHint, CopyHint        string
	NoHeadings, NoLinks       string
	Copied                    string
	UpdatedOn                 func(date string) string
}

var english = Strings{
	Posts:             func(n int) string { return plural(n, "post", "posts") },
	Words:             func(n int) string { return plural(n, "word", "words") },
	Minutes:           func(n int) string { return fmt.Sprintf("%d min read", n) },
	Rendering:         "Rendering…",
	RenderingProgress: func(pct int) string { return fmt.Sprintf("Rendering… %d%%", pct) },
	RenderFailed:      "Could not render this post",
	TooLarge:          "This post is too large to lay out: shown as plain text",
	NotLaidOut:        "This post could not be laid out: shown as plain text",
	NoPosts:           "No posts yet.",
	Help:              "help",
	Quit:              "quit",
	Back:              "back to list",
	Open:              "read post",
	Up:                "up",
	Down:              "down",
	Top:               "top",
	Bottom:            "bottom",
	PageDown:          "page down",
	PageUp:            "page up",
	KeysTitle:         "Keys",
	ListTitle:         "Post list",
	PagerTitle:        "Reading a post",
	Mouse:             "mouse wheel scrolls",
	FullHelpHint:      "press ? again to close",

	Updated:        "The blog was updated",
	PostUpdated:    "This post was updated: press r to reload",
	PostGone:       "This post was removed",
	PagesKey:       "posts / pages",
	ReloadKey:      "reload post",
	TranslationKey: "other language",
	PostsTab:       "Posts",
	PagesTab:       "Pages",
	AlsoIn:         "also in",
	Cover:          "cover image",

	Restarting: "The blog is restarting: reconnect in a moment",

	ContentsKey:   "table of contents",
	LinksKey:      "links in the post",
	ContentsTitle: "Contents",
	LinksTitle:    "Links",
	JumpHint:      "enter: go there · esc: close",
	CopyHint:      "enter: copy the URL · esc: close",
	NoHeadings:    "This post has no headings.",
	NoLinks:       "This post has no links.",
	Copied:        "Copied to the clipboard (if your terminal allows it)",
	UpdatedOn:     func(date string) string { return "updated " + date },
}

var chinese = Strings{
	Posts:             func(n int) string { return fmt.Sprintf("%s 篇文章", group(n)) },
	Words:             func(n int) string { return fmt.Sprintf("共 %s 字", group(n)) },
	Minutes:           func(n int) string { return fmt.Sprintf("阅读约 %d 分钟", n) },
	Rendering:         "正在排版…",
	RenderingProgress: func(pct int) string { return fmt.Sprintf("正在排版… %d%%", pct) },
	RenderFailed:      "这篇文章无法显示",
	TooLarge:          "这篇文章太长，无法排版，以纯文本显示",
	NotLaidOut:        "这篇文章无法排版，以纯文本显示",
	NoPosts:           "还没有文章。",
	Help:              "帮助",
	Quit:              "退出",
	Back:              "返回列表",
	Open:              "阅读",
	Up:                "上移",
	Down:              "下移",
	Top:               "顶部",
	Bottom:            "底部",
	PageDown:          "下一页",
	PageUp:            "上一页",
	KeysTitle:         "按键",
	ListTitle:         "文章列表",
	PagerTitle:        "阅读文章",
	Mouse:             "鼠标滚轮可滚动",
	FullHelpHint:      "再按 ? 关闭",

	Updated:        "博客已更新",
	PostUpdated:    "本文已更新，按 r 重新载入",
	PostGone:       "本文已被删除",
	PagesKey:       "文章 / 页面",
	ReloadKey:      "重新载入本文",
	TranslationKey: "其他语言版本",
	PostsTab:       "文章",
	PagesTab:       "页面",
	AlsoIn:         "其他语言",
	Cover:          "封面图",

	Restarting: "博客正在重启，请稍后重新连接",

	ContentsKey:   "目录",
	LinksKey:      "文中链接",
	ContentsTitle: "目录",
	LinksTitle:    "链接",
	JumpHint:      "回车：跳转 · esc：关闭",
	CopyHint:      "回车：复制网址 · esc：关闭",
	NoHeadings:    "本文没有标题。",
	NoLinks:       "本文没有链接。",
	Copied:        "已复制到剪贴板（如果终端允许）",
	UpdatedOn:     func(date string) string { return "更新于 " + date },
}

// PickStrings chooses the UI language: the reader's locale (LC_ALL,
// LC_MESSAGES, LANG sent by their ssh client) wins; without one, the site's
// language decides.
func PickStrings(environ []string, siteLang string) Strings {
	env := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := env[k]
		if v == "" || v == "C" || v == "POSIX" || strings.HasPrefix(v, "C.") {
			continue
		}
		if strings.HasPrefix(strings.ToLower(v), "zh") {
			return chinese
		}
		return english
	}
	if strings.HasPrefix(strings.ToLower(siteLang), "zh") {
		return chinese
	}
	return english
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return group(n) + " " + many
}

// group formats n with thousands separators.
func group(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + group(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
