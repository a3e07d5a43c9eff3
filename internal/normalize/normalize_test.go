package normalize

import "testing"

func TestEmail(t *testing.T) {
	for in, want := range map[string]string{
		" Jane.Doe@ACME.example ": "jane.doe@acme.example",
		"sam@demo.example":        "sam@demo.example",
	} {
		if got := Email(in); got != want {
			t.Errorf("Email(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"  Acme   Corporation ": "acme corporation",
		"Acme\tCorp\nEU":        "acme corp eu",
		"":                      "",
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWebsite(t *testing.T) {
	same := []string{"acme.example", "https://acme.example", "http://www.acme.example/", "HTTPS://WWW.Acme.Example",
		"https://acme.example/?utm=x#top", "https://acme.example:443/"}
	for _, s := range same {
		if got := Website(s); got != "acme.example" {
			t.Errorf("Website(%q) = %q, want acme.example", s, got)
		}
	}
	if Website("https://acme.example/eu/") != "acme.example/eu" {
		t.Errorf("a path is kept (without its trailing slash): %q", Website("https://acme.example/eu/"))
	}
	for _, pair := range [][2]string{
		{"acme.example", "acme.example/eu"},
		{"acme.example", "acme.test"},
		{"shop.acme.example", "acme.example"},
		{"acme.example:8080", "acme.example"},
	} {
		if Website(pair[0]) == Website(pair[1]) {
			t.Errorf("Website(%q) and Website(%q) must differ, both %q", pair[0], pair[1], Website(pair[0]))
		}
	}
}

func TestIsEmailAndIsWebAddress(t *testing.T) {
	for s, want := range map[string]bool{
		"a@b.example": true, " Sam@Acme.example ": true, "a@localhost": true,
		"not-an-email": false, "@b.example": false, "a@": false, "a@b@c": false, "a b@c.example": false, "a@.example": false,
	} {
		if got := IsEmail(s); got != want {
			t.Errorf("IsEmail(%q) = %t, want %t", s, got, want)
		}
	}
	for s, want := range map[string]bool{
		"https://acme.example/blog": true, "acme.example": true, "http://localhost:8080": true, " acme.example/x ": true,
		"not a url": false, "https://": false, "http://:80": false, "https://acme.example/a b": false, "": false,
	} {
		if got := IsWebAddress(s); got != want {
			t.Errorf("IsWebAddress(%q) = %t, want %t", s, got, want)
		}
	}
}
