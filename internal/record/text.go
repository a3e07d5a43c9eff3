package record

import (
	"strconv"
	"strings"
)

// Helpers for the wording of descriptions and messages.

// JoinOr writes "a", "a or b", "a, b or c".
func JoinOr(items []string) string { return joinWith(items, " or ") }

// joinAnd writes "a", "a and b", "a, b and c".
func joinAnd(items []string) string { return joinWith(items, " and ") }

func joinWith(items []string, last string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + last + items[len(items)-1]
}

// article is "an" before a vowel, else "a".
func article(noun string) string {
	if noun != "" && (noun[0] == 'a' || noun[0] == 'e' || noun[0] == 'i' || noun[0] == 'o' || noun[0] == 'u') {
		return "an"
	}
	return "a"
}

// capitalize upper-cases the first letter.
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// quotedValues quotes each value, for messages.
func quotedValues(vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = strconv.Quote(v)
	}
	return out
}

// Backticked puts each item in backticks, for descriptions.
func Backticked(items []string) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = "`" + s + "`"
	}
	return out
}
