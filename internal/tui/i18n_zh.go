package tui

import (
	"fmt"
	"time"
)

func init() { addLanguage(chinese) }

var chinese = Strings{
	Code: "zh",
	Name: "中文",
	Date: func(t time.Time) string { return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day()) },
	// As the Stack theme's zh-cn footer: no thousands separator.
	Footer:            func(posts, words int) string { return fmt.Sprintf("共 %d 篇文章，总计 %d 字", posts, words) },
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
	Back:              "返回",
	Open:              "打开",
	Up:                "上移",
	Down:              "下移",
	Top:               "顶部",
	Bottom:            "底部",
	PageDown:          "下一页",
	PageUp:            "上一页",
	KeysTitle:         "按键",
	ListTitle:         "列表",
	PagerTitle:        "阅读文章",
	Mouse:             "鼠标滚轮可滚动每个界面",
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

	SearchKey:   "搜索",
	SearchTitle: "搜索",
	SearchHint:  "输入即搜索 · ↑/↓ 选择 · enter 打开 · esc 返回",
	NoResults:   "没有找到。",
	Results:     func(n int) string { return fmt.Sprintf("%s 个结果", group(n)) },
	NextMatch:   "下一处匹配",
	PrevMatch:   "上一处匹配",
	MatchOf:     func(i, n int) string { return fmt.Sprintf("第 %d 处，共 %d 处 (n/N)", i, n) },
	NoMatch:     "正文中没有匹配",

	TagsKey:       "标签",
	CategoriesKey: "分类",
	ArchiveKey:    "归档",
	ArchiveTitle:  "归档",
	SortKey:       "按数量 / 按名称",
	ByCount:       "按文章数",
	ByName:        "按名称",
	PostTermsKey:  "本文的标签、分类与相关文章",
	PostTerms:     "本文的标签与分类",
	NoTerms:       "无。",
	Related:       "相关文章",
	NextPost:      "下一篇",
	PrevPost:      "上一篇",
	NoNextPost:    "已是列表中最后一篇",
	NoPrevPost:    "已是列表中第一篇",
	LanguageKey:   "中文 / English",
	BrowseTitle:   "搜索与浏览",
	Taxonomy: func(plural string) string {
		switch plural {
		case "tags":
			return "标签"
		case "categories":
			return "分类"
		}
		return plural
	},
	Year:    func(y int) string { return fmt.Sprintf("%d年", y) },
	Month:   func(y int, m time.Month) string { return fmt.Sprintf("%d年%d月", y, int(m)) },
	Unknown: func(target string) string { return fmt.Sprintf("找不到“%s”，已打开首页", target) },
}
