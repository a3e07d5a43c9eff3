package record

import "strings"

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
