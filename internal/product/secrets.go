package product

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
)

// maxSecretsFile bounds the secrets file; it holds three short strings.
const maxSecretsFile = 64 << 10

// LoadSecrets reads the product API secrets from a JSON file:
//
//	{"accessKey": "...", "secretKey": "...", "partnerTag": "..."}
//
// The file must not be readable or writable by group or others (chmod 600),
// must name no other keys, and must give all three values; an error names
// every empty one. Errors never include the file's values.
func LoadSecrets(path string) (accessKey, secretKey, partnerTag string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return "", "", "", fmt.Errorf("product secrets: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat() // the opened file, so a swap after the check cannot matter
	if err != nil {
		return "", "", "", fmt.Errorf("product secrets: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return "", "", "", fmt.Errorf("product secrets: %s is not a regular file", path)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return "", "", "", fmt.Errorf("product secrets: %s has mode %04o, so group or others may read or change it; run chmod 600 %s", path, perm, path)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxSecretsFile+1))
	if err != nil {
		return "", "", "", fmt.Errorf("product secrets: read %s: %w", path, err)
	}
	if len(data) > maxSecretsFile {
		return "", "", "", fmt.Errorf("product secrets: %s is larger than %d bytes", path, maxSecretsFile)
	}
	var s struct {
		AccessKey  string `json:"accessKey"`
		SecretKey  string `json:"secretKey"`
		PartnerTag string `json:"partnerTag"`
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return "", "", "", fmt.Errorf("product secrets: %s is not a JSON object of accessKey, secretKey and partnerTag: %w", path, jsonProblem(err))
	}
	if dec.More() {
		return "", "", "", fmt.Errorf("product secrets: %s has data after its JSON object", path)
	}
	var empty []string
	for _, f := range []struct{ name, value string }{
		{"accessKey", s.AccessKey}, {"secretKey", s.SecretKey}, {"partnerTag", s.PartnerTag},
	} {
		if strings.TrimSpace(f.value) == "" {
			empty = append(empty, f.name)
		}
	}
	if len(empty) > 0 {
		return "", "", "", fmt.Errorf("product secrets: %s has empty values for: %s", path, strings.Join(empty, ", "))
	}
	return strings.TrimSpace(s.AccessKey), strings.TrimSpace(s.SecretKey), strings.TrimSpace(s.PartnerTag), nil
}

// jsonProblem keeps what a decoding error says about the file's shape
// (position, field, type) and nothing of its values.
func jsonProblem(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Errorf("syntax error at byte %d", syntax.Offset)
	case errors.As(err, &typ):
		return fmt.Errorf("%s must be a %s, not a JSON %s", typ.Field, typ.Type, typ.Value)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("the file is empty or cut short")
	default:
		return err // e.g. json: unknown field "name": names a key, not a value
	}
}
