package sitegen

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Corpus describes a generated blog shaped for search: half the posts in
// Chinese, half in English, with text drawn from a vocabulary by Zipf's
// law (a few words everywhere, most words rare), so that queries meet the
// spread of a real blog rather than one paragraph repeated.
type Corpus struct {
	Posts int
	// HanPerPost is about how many Han characters a Chinese post has.
	HanPerPost int
	// WordsPerPost is about how many words an English post has.
	WordsPerPost int
	// Seed makes the corpus reproducible.
	Seed uint64
}

// DefaultCorpus is the blog of issue 8's search targets: 3,000 posts,
// 3 million Han characters.
var DefaultCorpus = Corpus{Posts: 3000, HanPerPost: 2000, WordsPerPost: 700, Seed: 8}

// zhWords is the Chinese vocabulary, most frequent first.
var zhWords = strings.Fields(`的 我们 一个 是 在 终端 文章 阅读 写作 时间 这个 没有 自己 可以 已经 工作 生活 事情 问题 因为 所以 但是 如果 就是 还是 他们 时候 知道 觉得 看到 开始 朋友 城市 早上 晚上 键盘 屏幕 字体 程序 代码 服务器 网络 连接 博客 读者 作者 编辑 标题 段落 句子 故事 记忆 安静 慢慢 简单 复杂 重要 可能 应该 需要 希望 喜欢 发现 相信 决定 选择 学习 理解 解决 调解 工作室 咖啡 茶 雨 窗户 书店 图书馆 地铁 火车 旅行 山 海 河 树 花 草 猫 狗 鸟 春天 夏天 秋天 冬天 早晨 黄昏 夜里 明天 昨天 今天 去年 以后 以前 一直 总是 偶尔 突然 终于 仍然 也许 大概 真的 其实 当然 并且 而且 或者 虽然 只是 不过 于是 然后 最后 第一 第二 一些 很多 几乎 所有 每天 每个 这样 那样 怎么 什么 为什么 哪里 这里 那里 里面 外面 上面 下面 中间 旁边 对面 附近 远方 家 门 路 桥 灯 声音 颜色 味道 温度 光线 影子 纸 笔 本子 信 照片 音乐 电影 电视 手机 电脑 软件 文件 目录 命令 参数 配置 日志 错误 测试 版本 发布 更新 索引 搜索 结果 排序 标签 分类 归档 页面 链接 图片 视频`)

// enWords is the English vocabulary, most frequent first; rare words are
// made up (see word) to give the vocabulary a long tail.
var enWords = strings.Fields(`the of and to a in is that it for on was with as be at by this have from or had not but what all were when we there can an your which their said if do will each about how up out them then she many some so these would other into has more her two like him see time could no make than first been its who now people my made over did down only way find use may water long little very after words called just where most know get through back much before go good new write our used me man too any day same right look think also around another came come work three word must because does part even place well such here take why things help put years different away again off went old number great tell men say small every found still between name should home big give air line set own under read last never us left end along while might next sound below saw something thought both few those always looked show large often together asked house world going want school important until form food keep children feet land side without boy once animals life enough took sometimes four head above kind began almost live page got earth need far hand high year mother light parts country father let night following picture being study second eyes soon times story boys since white days ever paper hard near sentence better best across during today others however sure means knew its try told young miles sun ways thing whole hear example heard several change answer room sea against top turned learn point city play toward five using himself usually terminal reading writing keyboard screen server network session cursor pager markdown render search index query result editor buffer window scroll letter printer library`)

// Generate writes the corpus under dir/posts and returns the bytes written.
func (c Corpus) Generate(dir string) (int64, error) {
	rng := rand.New(rand.NewPCG(c.Seed, 1))
	zh := rand.NewZipf(rng, 1.1, 4, uint64(len(zhWords)-1))
	// English draws from the list and from made-up words behind it.
	en := rand.NewZipf(rng, 1.07, 4, uint64(len(enWords)+20000-1))
	enWord := func() string {
		if i := int(en.Uint64()); i < len(enWords) {
			return enWords[i]
		} else {
			return word(i)
		}
	}
	tags := []string{"终端", "写作", "阅读", "生活", "旅行", "编程", "terminal", "writing", "reading", "go", "unix", "notes"}
	cats := []string{"随笔", "技术", "书评", "essays", "tech"}
	var total int64
	for i := range c.Posts {
		chinese := i%2 == 0
		var title, body strings.Builder
		var n int
		if chinese {
			for range 2 + rng.IntN(4) {
				title.WriteString(zhWords[zh.Uint64()])
			}
			for n < c.HanPerPost {
				var para strings.Builder
				for range 40 + rng.IntN(80) {
					w := zhWords[zh.Uint64()]
					para.WriteString(w)
					n += len([]rune(w))
					if rng.IntN(9) == 0 {
						para.WriteString([]string{"，", "。", "、", "；"}[rng.IntN(4)])
					}
				}
				para.WriteString("。\n\n")
				body.WriteString(para.String())
			}
		} else {
			for j := range 3 + rng.IntN(5) {
				w := enWord()
				if j == 0 {
					w = strings.ToUpper(w[:1]) + w[1:]
				}
				title.WriteString(w + " ")
			}
			for n < c.WordsPerPost {
				k := 30 + rng.IntN(60)
				for j := range k {
					w := enWord()
					if j == 0 {
						w = strings.ToUpper(w[:1]) + w[1:]
					}
					body.WriteString(w)
					if j < k-1 {
						body.WriteByte(' ')
					}
				}
				n += k
				body.WriteString(".\n\n")
			}
		}
		date := time.Date(2012, 1, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * 31 * time.Hour)
		src := fmt.Sprintf("---\ntitle: %q\ndate: %s\ntags: [%q, %q]\ncategories: [%q]\n---\n%s",
			strings.TrimSpace(title.String()), date.Format(time.RFC3339),
			tags[rng.IntN(len(tags))], tags[rng.IntN(len(tags))], cats[rng.IntN(len(cats))], body.String())
		p := filepath.Join(dir, "posts", fmt.Sprintf("c%05d.md", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return total, fmt.Errorf("generate: %w", err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			return total, fmt.Errorf("generate: %w", err)
		}
		total += int64(len(src))
	}
	return total, nil
}

// word makes up the i-th rare English word from syllables.
func word(i int) string {
	syl := []string{"ka", "lo", "min", "ter", "sa", "ven", "ro", "dal", "qui", "ne", "bor", "the", "as", "gil", "pra", "un"}
	var b strings.Builder
	for i++; i > 0; i /= len(syl) {
		b.WriteString(syl[i%len(syl)])
	}
	return b.String()
}
