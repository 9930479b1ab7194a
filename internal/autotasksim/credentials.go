package autotasksim

import (
	"crypto/rand"
	"math/big"
	"strings"
	"unicode"
)

// credential is what the UI's "Generate Key / Generate Secret" and "API Tracking Identifier"
// produce for an API-only resource. None of it is a Resources field in the published API; the
// username is the resource's userName.
type credential struct {
	ResourceID      int64  `json:"resourceId"`
	Secret          string `json:"secret"`
	IntegrationCode string `json:"integrationCode"`
}

func (t *tenant) credentialFor(resourceID int64) *credential {
	for _, c := range t.creds {
		if c.ResourceID == resourceID {
			return c
		}
	}
	return nil
}

const (
	// trackingIdentifierLength is the length of an API tracking identifier, generated or a vendor's.
	trackingIdentifierLength = 27
	// userNameForbidden are the characters Autotask refuses in an API user's username.
	userNameForbidden = `@();:[]|\"`
)

// checkUserName applies the UI's username rules: letters and numbers required, none of
// @ ( ) ; : [ ] | \ " and no white space.
func checkUserName(userName string) error {
	var letter, digit bool
	for _, r := range userName {
		switch {
		case strings.ContainsRune(userNameForbidden, r):
			return businessError("The username '%s' contains '%c'. Usernames may not contain any of @ ( ) ; : [ ] | \\ \".", userName, r)
		case unicode.IsSpace(r):
			return businessError("The username '%s' contains white space.", userName)
		case unicode.IsLetter(r):
			letter = true
		case unicode.IsDigit(r):
			digit = true
		}
	}
	if !letter || !digit {
		return businessError("The username '%s' must contain both letters and numbers.", userName)
	}
	return nil
}

// checkSecret applies the zone's password policy (Autotask's strong-password rule): at least 7
// characters, characters from at least two of upper case, lower case and digits, and a special
// character in positions 2 to 6.
func checkSecret(secret string) error {
	runes := []rune(secret)
	var problems []string
	if len(runes) < 7 {
		problems = append(problems, "it must be at least 7 characters long")
	}
	var upper, lower, digit bool
	for _, r := range runes {
		switch {
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsLower(r):
			lower = true
		case unicode.IsDigit(r):
			digit = true
		}
	}
	groups := 0
	for _, b := range []bool{upper, lower, digit} {
		if b {
			groups++
		}
	}
	if groups < 2 {
		problems = append(problems, "it must contain characters from at least two of upper case letters, lower case letters and digits")
	}
	special := false
	for i := 1; i < len(runes) && i < 6; i++ {
		r := runes[i]
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsSpace(r) {
			special = true
		}
	}
	if !special {
		problems = append(problems, "it must have a special character in positions 2 to 6")
	}
	if len(problems) > 0 {
		return businessError("The secret does not meet the password requirements: %s.", strings.Join(problems, "; "))
	}
	return nil
}

const (
	lowerAlnum    = "abcdefghijklmnopqrstuvwxyz0123456789"
	upperAlnum    = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	secretChars   = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
	secretSpecial = "*+-~"
)

// userKey is a generated username: prefix, then n random lower-case letters and digits, at least
// one of them a digit, so it passes checkUserName as the UI's "Generate Key" does.
func userKey(prefix string, n int) string {
	return prefix + randomString(lowerAlnum, n-1) + randomString("0123456789", 1)
}

// newSecret returns a 25-character secret, the length the UI's "Generate Secret" produces, that
// passes checkSecret: upper case, lower case and a digit, then a special character in position 4.
func newSecret() string {
	b := []byte(randomString(secretChars, 25))
	b[0] = randomString("ABCDEFGHJKLMNPQRSTUVWXYZ", 1)[0]
	b[1] = randomString("abcdefghijkmnopqrstuvwxyz", 1)[0]
	b[2] = randomString("23456789", 1)[0]
	b[3] = randomString(secretSpecial, 1)[0]
	return string(b)
}

// newIntegrationCode returns a tracking identifier like the ones Autotask generates for a
// "Custom (Internal Integration)": upper-case letters and digits.
func newIntegrationCode() string {
	return randomString(upperAlnum, trackingIdentifierLength)
}

// randomString draws n characters from alphabet with crypto/rand.
func randomString(alphabet string, n int) string {
	b := make([]byte, n)
	limit := big.NewInt(int64(len(alphabet)))
	for i := range b {
		k, err := rand.Int(rand.Reader, limit)
		if err != nil {
			panic("autotasksim: crypto/rand failed: " + err.Error()) // never happens on supported platforms
		}
		b[i] = alphabet[k.Int64()]
	}
	return string(b)
}
