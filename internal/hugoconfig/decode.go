package hugoconfig

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/sshblog/sshblog/internal/page"
)

// Hugo's defaults for the settings Site exposes (applyDefaultConfig in
// config/allconfig/load.go). They apply only when the key is absent, so an
// explicitly empty taxonomies map disables the default taxonomies.
const (
	defaultContentDir     = "content"
	defaultLanguage       = "en"
	defaultSummaryLength  = 70
	legacyTaxonomiesAlias = "indexes"
)

func defaultTaxonomies() map[string]any {
	return map[string]any{"tag": "tags", "category": "categories"}
}

// knownKeys are Hugo's configuration keys that may appear at the language
// level (configLanguageKeys in config/allconfig/allconfig.go: the fields of
// Config, RootConfig, CommonDirs and LanguageConfig, lower-cased). Other
// keys found directly under languages.<code> are legacy custom params
// (before Hugo 0.112) which Hugo moves under languages.<code>.params.
var knownKeys = setOf(
	// Config
	"author", "social", "build", "caches", "httpcache", "markup", "mediatypes",
	"imaging", "outputformats", "outputs", "cascade", "segments", "menus",
	"menu", "deployment", "module", "frontmatter", "minify", "permalinks",
	"taxonomies", "sitemap", "related", "server", "pagination", "page",
	"privacy", "security", "services", "params", "languages", "uglyurls",
	// RootConfig
	"baseurl", "builddrafts", "buildexpired", "buildfuture", "copyright",
	"defaultcontentlanguage", "defaultcontentlanguageinsubdir",
	"disablealiases", "disablepathtolower", "disablekinds",
	"disablelanguages", "rendersegments", "disablehugogeneratorinject",
	"disablelivereload", "enableemoji", "mainsections", "enablerobotstxt",
	"enablegitinfo", "templatemetrics", "templatemetricshints", "nobuildlock",
	"ignorelogs", "ignorefiles", "ignorecache",
	"enablemissingtranslationplaceholders", "paniconwarning", "environment",
	"languagecode", "hascjklanguage", "paginate", "paginatepath",
	"pluralizelisttitles", "capitalizelisttitles", "canonifyurls",
	"relativeurls", "removepathaccents", "printunusedtemplates",
	"printi18nwarnings", "printpathwarnings", "reflinksnotfoundurl",
	"reflinkserrorlevel", "sectionpagesmenu", "summarylength", "title",
	"theme", "timeout", "timezone", "titlecasestyle", "newcontenteditor",
	"notimes", "nochmod", "cleandestinationdir", "ignorevendorpaths",
	"staticdir", "staticdir0", "staticdir1", "staticdir2", "staticdir3",
	"staticdir4", "staticdir5", "staticdir6", "staticdir7", "staticdir8",
	"staticdir9", "staticdir10",
	// CommonDirs
	"themesdir", "publishdir", "cachedir", "contentdir", "datadir",
	"layoutdir", "i18ndir", "archetypedir", "assetdir", "resourcedir",
	"workingdir",
	// LanguageConfig (and its newer names)
	"languagename", "languagedirection", "weight", "disabled", "label",
	"locale", "direction",
)

func setOf(keys ...string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// decodeSite builds a Site from the merged, lower-cased configuration.
func decodeSite(cfg map[string]any) (Site, error) {
	if v, ok := cfg[legacyTaxonomiesAlias]; ok {
		cfg["taxonomies"] = v // Hugo's alias for the pre-0.11 name.
	}
	for k, v := range map[string]any{
		"contentdir":    defaultContentDir,
		"summarylength": defaultSummaryLength,
		"taxonomies":    defaultTaxonomies(),
	} {
		if _, ok := cfg[k]; !ok {
			cfg[k] = v
		}
	}
	switch p := cfg["params"].(type) {
	case nil:
		cfg["params"] = map[string]any{}
	case map[string]any:
	default:
		return Site{}, fmt.Errorf("params: want a map, got %T", p)
	}

	langs, err := languageMaps(cfg)
	if err != nil {
		return Site{}, err
	}
	dcl, err := defaultContentLanguageOf(cfg, langs)
	if err != nil {
		return Site{}, err
	}

	s := Site{DefaultContentLanguage: dcl, Languages: map[string]Language{}}
	var defEff map[string]any
	for code, lm := range langs {
		eff := languageConfig(cfg, lm)
		l, err := decodeLanguage(code, eff, lm, cfg, len(langs) == 1)
		if err != nil {
			return Site{}, fmt.Errorf("languages.%s: %w", code, err)
		}
		s.Languages[code] = l
		if code == dcl {
			defEff = eff
		}
	}

	def := s.Languages[dcl]
	s.Title, s.Description, s.Params = def.Title, def.Description, def.Params
	s.HasCJKLanguage = def.HasCJKLanguage
	if s.BaseURL, err = page.ToString(defEff["baseurl"]); err != nil {
		return Site{}, fmt.Errorf("baseURL: %w", err)
	}
	if s.LanguageCode, err = page.ToString(defEff["languagecode"]); err != nil {
		return Site{}, fmt.Errorf("languageCode: %w", err)
	}
	if s.ContentDir, err = page.ToString(cfg["contentdir"]); err != nil {
		return Site{}, fmt.Errorf("contentDir: %w", err)
	}
	if s.EnableEmoji, err = page.ToBool(cfg["enableemoji"]); err != nil {
		return Site{}, fmt.Errorf("enableEmoji: %w", err)
	}
	if s.SummaryLength, err = page.ToInt(defEff["summarylength"]); err != nil {
		return Site{}, fmt.Errorf("summaryLength: %w", err)
	}
	s.Taxonomies, err = toTaxonomies(defEff["taxonomies"])
	if err != nil {
		return Site{}, fmt.Errorf("taxonomies: %w", err)
	}
	// Before Hugo 0.112 mainSections was a site param; Hugo still reads it
	// there, and it wins over the root key (alldecoders.go, "params").
	if v, ok := s.Params["mainsections"]; ok {
		s.MainSections = mainSections(v)
	} else if v, ok := defEff["mainsections"]; ok {
		s.MainSections = mainSections(v)
	}
	return s, nil
}

// mainSections reads a mainSections value. An empty one ("" or [], which
// real sites write to mean "the default") counts as unset, as in Hugo: the
// biggest section is then the main one. Blank names name no section.
func mainSections(v any) []string {
	var out []string
	for _, s := range page.ToStrings(v) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// languageMaps returns the enabled languages of cfg, keyed by lower-cased
// code. Without a languages map, Hugo defines the default content
// language alone.
func languageMaps(cfg map[string]any) (map[string]map[string]any, error) {
	out := map[string]map[string]any{}
	raw, ok := cfg["languages"].(map[string]any)
	if v, set := cfg["languages"]; set && v != nil && !ok {
		return nil, fmt.Errorf("languages: want a map, got %T", v)
	}
	disabled := map[string]bool{}
	for _, c := range page.ToStrings(cfg["disablelanguages"]) {
		disabled[strings.ToLower(c)] = true
	}
	dcl, _ := page.ToString(cfg["defaultcontentlanguage"])
	dcl = strings.ToLower(dcl)
	for code, v := range raw {
		if code == mergeStrategyKey {
			continue
		}
		if !isLanguageCode(code) {
			return nil, fmt.Errorf("languages: %q is not a language code (letters, digits, - and _)", code)
		}
		lm, ok := v.(map[string]any)
		if v != nil && !ok {
			return nil, fmt.Errorf("languages.%s: want a map, got %T", code, v)
		}
		if lm == nil {
			lm = map[string]any{}
		}
		off, err := page.ToBool(lm["disabled"])
		if err != nil {
			return nil, fmt.Errorf("languages.%s.disabled: %w", code, err)
		}
		if (off || disabled[code]) && code != dcl {
			continue // Hugo refuses to disable the default language; keep it.
		}
		out[code] = lm
	}
	if len(out) == 0 {
		if dcl == "" {
			dcl = defaultLanguage
		}
		out[dcl] = map[string]any{}
	}
	return out, nil
}

// isLanguageCode reports whether code is made of letters, digits, '-' and
// '_', as language codes are ("zh-cn", "sr_latn"). Codes name files and
// folders and are shown to readers where a language has no name: an
// escape sequence or a bidi control in one would reach their terminals.
func isLanguageCode(code string) bool {
	for _, r := range code {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '_' {
			return false
		}
	}
	return code != ""
}

// defaultContentLanguageOf returns the lower-cased default content
// language. When unset it is "en", unless the site defines languages
// without "en": then, as newer Hugo versions do (langs/config.go), the
// first language in weight order.
func defaultContentLanguageOf(cfg map[string]any, langs map[string]map[string]any) (string, error) {
	dcl, err := page.ToString(cfg["defaultcontentlanguage"])
	if err != nil {
		return "", fmt.Errorf("defaultContentLanguage: %w", err)
	}
	dcl = strings.ToLower(dcl)
	if dcl == "" {
		if _, ok := langs[defaultLanguage]; ok {
			return defaultLanguage, nil
		}
		codes := make([]string, 0, len(langs))
		for c := range langs {
			codes = append(codes, c)
		}
		sortLanguages(codes, func(c string) int { w, _ := page.ToInt(langs[c]["weight"]); return w })
		return codes[0], nil
	}
	if _, ok := langs[dcl]; !ok {
		return "", fmt.Errorf("defaultContentLanguage %q does not match any language definition", dcl)
	}
	return dcl, nil
}

// languageConfig returns the configuration in effect for one language, as
// Hugo computes it (fromLoadConfigResult in config/allconfig/allconfig.go):
// the root configuration with the language's keys on top; its params are
// the language params with the root params merged in for missing keys.
// Unknown keys set directly on the language are legacy params.
func languageConfig(root, lang map[string]any) map[string]any {
	eff := make(map[string]any, len(root))
	for k, v := range root {
		if k != "languages" {
			eff[k] = v
		}
	}
	params, _ := lang["params"].(map[string]any)
	params = cloneMap(params)
	if params == nil {
		params = map[string]any{}
	}
	for k, v := range lang {
		switch {
		case k == "params" || k == mergeStrategyKey:
		case !knownKeys[k]:
			if _, ok := params[k]; !ok {
				params[k] = cloneValue(v)
			}
		default:
			eff[k] = v
		}
	}
	rootParams, _ := root["params"].(map[string]any)
	mergeMissing(params, rootParams)
	eff["params"] = params
	return eff
}

// decodeLanguage builds a Language from its effective configuration eff
// and its own settings lm.
func decodeLanguage(code string, eff, lm, root map[string]any, single bool) (Language, error) {
	l := Language{Code: code, Params: cleanParams(eff["params"].(map[string]any))}
	var err error
	if l.Title, err = page.ToString(eff["title"]); err != nil {
		return l, fmt.Errorf("title: %w", err)
	}
	if l.Description, err = page.ToString(l.Params["description"]); err != nil {
		return l, fmt.Errorf("params.description: %w", err)
	}
	if l.Description == "" {
		// The Stack theme shows params.sidebar.subtitle as the site's
		// tagline and has no description.
		l.Description, _ = lookup(l.Params, "sidebar.subtitle").(string)
	}
	if l.ContentDir, err = page.ToString(eff["contentdir"]); err != nil {
		return l, fmt.Errorf("contentDir: %w", err)
	}
	if l.Weight, err = page.ToInt(lm["weight"]); err != nil {
		return l, fmt.Errorf("weight: %w", err)
	}
	if l.HasCJKLanguage, err = page.ToBool(eff["hascjklanguage"]); err != nil {
		return l, fmt.Errorf("hasCJKLanguage: %w", err)
	}
	l.LanguageName, err = firstString(lm, "languagename", "label")
	if err != nil {
		return l, err
	}
	l.LanguageCode, err = firstString(lm, "languagecode", "locale")
	if err != nil {
		return l, err
	}
	if l.LanguageCode == "" && single {
		// Hugo copies the root languageCode into a lone language.
		if l.LanguageCode, err = page.ToString(root["languagecode"]); err != nil {
			return l, fmt.Errorf("languageCode: %w", err)
		}
	}
	return l, nil
}
