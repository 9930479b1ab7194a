package autotask

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"strings"
	"unicode"
)

// userNameForbidden are the characters Autotask refuses in a username.
const userNameForbidden = `@();:[]|\"`

// MaxUserNameLength is the longest username Autotask stores.
const MaxUserNameLength = 32

// CheckUserName applies Autotask's username rules: letters and digits both required, none of
// @ ( ) ; : [ ] | \ " and no white space, at most 32 characters.
func CheckUserName(name string) error {
	if len([]rune(name)) > MaxUserNameLength {
		return fmt.Errorf("%q is longer than %d characters", name, MaxUserNameLength)
	}
	var letter, digit bool
	for _, r := range name {
		switch {
		case strings.ContainsRune(userNameForbidden, r):
			return fmt.Errorf("%q contains %q; usernames may not contain any of @ ( ) ; : [ ] | \\ \"", name, r)
		case unicode.IsSpace(r) || unicode.IsControl(r):
			return fmt.Errorf("%q contains white space", name)
		case unicode.IsLetter(r):
			letter = true
		case unicode.IsDigit(r):
			digit = true
		}
	}
	if !letter || !digit {
		return fmt.Errorf("%q must contain both letters and digits", name)
	}
	return nil
}

const (
	lowerLetters = "abcdefghijkmnopqrstuvwxyz" // no l: usernames are read and typed by people
	upperLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
	digits       = "23456789"
	// secretSpecials are special characters that need no escaping in JSON, HTTP headers or
	// a shell, so a secret pasted into a vendor's form arrives as generated.
	secretSpecials = "!#%*+-=?_~"
)

// GenerateUserName returns a username of n lower-case letters and digits (n at least 2) that
// starts with a letter and meets CheckUserName.
func GenerateUserName(n int) string {
	b := make([]byte, n)
	b[0] = lowerLetters[randIndex(len(lowerLetters))]
	for i := 1; i < n; i++ {
		alphabet := lowerLetters + digits
		b[i] = alphabet[randIndex(len(alphabet))]
	}
	if !strings.ContainsAny(string(b), digits) {
		b[1+randIndex(n-1)] = digits[randIndex(len(digits))]
	}
	return string(b)
}

// GenerateSecret returns a secret of n characters (n at least 7) that meets Autotask's password
// policy: upper case, lower case and digits, and a special character in positions 2 to 6.
func GenerateSecret(n int) (string, error) {
	if n < 7 {
		return "", fmt.Errorf("a secret needs at least 7 characters, not %d", n)
	}
	all := lowerLetters + upperLetters + digits + secretSpecials
	b := make([]byte, n)
	for i := range b {
		b[i] = all[randIndex(len(all))]
	}
	// Guarantee each class at a distinct position: a special in positions 2 to 6 (index 1 to 5),
	// then one of each letter case and a digit after it.
	b[1+randIndex(5)] = secretSpecials[randIndex(len(secretSpecials))]
	for i, class := range []string{upperLetters, lowerLetters, digits} {
		b[6+i] = class[randIndex(len(class))]
	}
	return string(b), nil
}

// MaxSecretLength is the longest secret Autotask stores.
const MaxSecretLength = 128

// CheckSecret applies Autotask's password policy to a secret of the caller's own: 7 to 128
// characters, from at least two of upper case letters, lower case letters and digits, with a
// special character in positions 2 to 6. The error never shows the secret.
func CheckSecret(secret string) error {
	runes := []rune(secret)
	var problems []string
	switch {
	case len(runes) < 7:
		problems = append(problems, "at least 7 characters")
	case len(runes) > MaxSecretLength:
		problems = append(problems, fmt.Sprintf("at most %d characters", MaxSecretLength))
	}
	var upper, lower, digit bool
	for _, r := range runes {
		upper = upper || unicode.IsUpper(r)
		lower = lower || unicode.IsLower(r)
		digit = digit || unicode.IsDigit(r)
	}
	groups := 0
	for _, in := range []bool{upper, lower, digit} {
		if in {
			groups++
		}
	}
	if groups < 2 {
		problems = append(problems, "characters from at least two of upper case letters, lower case letters and digits")
	}
	special := false
	for i := 1; i < len(runes) && i < 6; i++ {
		r := runes[i]
		special = special || (!unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsSpace(r))
	}
	if !special {
		problems = append(problems, "a special character (such as ! # % * + - = ? _ ~) in positions 2 to 6")
	}
	if len(problems) > 0 {
		return fmt.Errorf("does not meet Autotask's password policy, which needs %s", strings.Join(problems, "; "))
	}
	return nil
}

// randIndex is a uniform index below n from crypto/rand.
func randIndex(n int) int {
	v, err := rand.Int(rand.Reader, big.NewInt(int64(n)))
	if err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err)) // the system's random source is gone
	}
	return int(v.Int64())
}
