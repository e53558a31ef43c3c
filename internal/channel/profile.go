package channel

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"strings"

	"github.com/onair/onair/internal/account"
	"github.com/onair/onair/internal/errs"
	"github.com/onair/onair/internal/ids"
	"github.com/onair/onair/internal/picture"
)

// AssetKind names an uploaded profile image.
type AssetKind string

const (
	AssetAvatar AssetKind = "avatar"
	AssetBanner AssetKind = "banner"
)

// Assets maps each uploaded image kind to its stored file key.
type Assets map[AssetKind]string

// Look is the owner's profile look: colour, avatar and uploaded images.
type Look struct {
	Avatar string
	Color  string
	Assets Assets
}

// CustomAvatar is the avatar name that selects the uploaded image.
const CustomAvatar = "custom"

// LookUpdater stores a user's avatar and colour; the account service
// implements it (and validates both again).
type LookUpdater interface {
	UpdateProfile(ctx context.Context, id account.UserID, avatar, color string) error
}

var (
	errNoPreference = errs.Invalid("ChangeUserPreferencesException", "Name a colour or an avatar to change.")
	errNoCustom     = errs.Invalid("ChangeUserPreferencesException", "Upload an avatar image before choosing it.").
			WithField("avatar", "Upload an avatar image before choosing it.")
	errAssetKind = errs.Invalid("InvalidAssetTypeException", "The asset type must be one of: avatar, banner.")
)

// ParseAssetKind checks an asset type from a request.
func ParseAssetKind(s string) (AssetKind, error) {
	switch k := AssetKind(s); k {
	case AssetAvatar, AssetBanner:
		return k, nil
	}
	return "", errAssetKind
}

func (k AssetKind) limits() picture.Limits {
	if k == AssetBanner {
		return picture.Banner
	}
	return picture.Avatar
}

// Look returns the user's current look.
func (s *Service) Look(ctx context.Context, user account.User) (Look, error) {
	assets, err := s.repo.Assets(ctx, user.ID)
	if err != nil {
		return Look{}, fmt.Errorf("assets of %s: %w", user.ID, err)
	}
	return Look{Avatar: user.Avatar, Color: user.Color, Assets: assets}, nil
}

// SetPreferences changes the profile colour and/or avatar; an empty value
// keeps the current one. Choosing "custom" needs an uploaded avatar image.
func (s *Service) SetPreferences(ctx context.Context, user account.User, avatar, color string) (Look, error) {
	if avatar == "" && color == "" {
		return Look{}, errNoPreference
	}
	look, err := s.Look(ctx, user)
	if err != nil {
		return Look{}, err
	}
	if avatar != "" {
		if err := account.CheckAvatar(avatar, true); err != nil {
			return Look{}, err
		}
		if avatar == CustomAvatar && look.Assets[AssetAvatar] == "" {
			return Look{}, errNoCustom
		}
		look.Avatar = avatar
	}
	if color != "" {
		if err := account.CheckColor(color); err != nil {
			return Look{}, err
		}
		look.Color = color
	}
	if err := s.looks.UpdateProfile(ctx, user.ID, look.Avatar, look.Color); err != nil {
		return Look{}, fmt.Errorf("update look of %s: %w", user.ID, err)
	}
	return look, nil
}

// UploadAsset checks and re-encodes an uploaded image (JPEG or PNG, by
// content), stores it under a new versioned key and makes it the user's
// avatar or banner. An uploaded avatar becomes the chosen avatar.
func (s *Service) UploadAsset(ctx context.Context, user account.User, kind AssetKind, data []byte) (Look, error) {
	img, err := s.process(ctx, data, kind.limits())
	if err != nil {
		return Look{}, err
	}
	key := assetPrefix(user.ID) + "/" + string(kind) + "-" + ids.Random(8) + "." + img.Ext
	if err := s.files.Put(ctx, key, img.Data, img.ContentType); err != nil {
		return Look{}, fmt.Errorf("store %s image of %s: %w", kind, user.ID, err)
	}
	old, err := s.repo.SetAsset(ctx, user.ID, kind, key, s.now())
	if err != nil {
		s.removeFile(ctx, key)
		return Look{}, fmt.Errorf("record %s image of %s: %w", kind, user.ID, err)
	}
	if old != "" {
		s.removeFile(ctx, old)
	}
	look, err := s.Look(ctx, user)
	if err != nil {
		return Look{}, err
	}
	if kind == AssetAvatar && look.Avatar != CustomAvatar {
		if err := s.looks.UpdateProfile(ctx, user.ID, CustomAvatar, look.Color); err != nil {
			return Look{}, fmt.Errorf("choose uploaded avatar of %s: %w", user.ID, err)
		}
		look.Avatar = CustomAvatar
	}
	s.log.Info("profile image uploaded", "user_id", user.ID, "kind", kind, "bytes", len(img.Data), "width", img.Width, "height", img.Height)
	return look, nil
}

// process runs picture.Process, at most maxImageJobs at a time: decoding a
// large image holds a lot of memory for a second or two.
func (s *Service) process(ctx context.Context, data []byte, l picture.Limits) (picture.Image, error) {
	select {
	case s.imageJobs <- struct{}{}:
		defer func() { <-s.imageJobs }()
	case <-ctx.Done():
		return picture.Image{}, ctx.Err()
	}
	return picture.Process(data, l)
}

// maxImageJobs bounds concurrent image decoding.
const maxImageJobs = 2

// DeleteAsset removes an uploaded image. Deleting the avatar image while it
// is the chosen avatar switches to a random preset (spec 2.7).
func (s *Service) DeleteAsset(ctx context.Context, user account.User, kind AssetKind) (Look, error) {
	old, err := s.repo.DeleteAsset(ctx, user.ID, kind)
	if err != nil {
		return Look{}, fmt.Errorf("delete %s image of %s: %w", kind, user.ID, err)
	}
	if old != "" {
		s.removeFile(ctx, old)
	}
	look, err := s.Look(ctx, user)
	if err != nil {
		return Look{}, err
	}
	if kind == AssetAvatar && look.Avatar == CustomAvatar {
		look.Avatar = randomPreset()
		if err := s.looks.UpdateProfile(ctx, user.ID, look.Avatar, look.Color); err != nil {
			return Look{}, fmt.Errorf("replace deleted avatar of %s: %w", user.ID, err)
		}
	}
	return look, nil
}

// AvatarURL is the address of the user's uploaded avatar image when it is
// their chosen avatar, "" otherwise.
func (s *Service) AvatarURL(ctx context.Context, user account.User) (string, error) {
	if user.Avatar != CustomAvatar {
		return "", nil
	}
	assets, err := s.repo.Assets(ctx, user.ID)
	if err != nil {
		return "", fmt.Errorf("assets of %s: %w", user.ID, err)
	}
	if key := assets[AssetAvatar]; key != "" {
		return s.FileURL(key), nil
	}
	return "", nil
}

// DeleteFiles removes every stored file of a user (account deletion).
func (s *Service) DeleteFiles(ctx context.Context, user account.UserID) error {
	if err := s.files.DeletePrefix(ctx, assetPrefix(user)); err != nil {
		return fmt.Errorf("delete files of %s: %w", user, err)
	}
	return nil
}

// AssetURLs are the public, versioned addresses of the uploaded images.
func (s *Service) AssetURLs(a Assets) map[string]string {
	out := make(map[string]string, len(a))
	for kind, key := range a {
		out[string(kind)] = s.FileURL(key)
	}
	return out
}

// FileURL is the public address of a stored file.
func (s *Service) FileURL(key string) string {
	return strings.TrimRight(s.cfg.BaseURL, "/") + "/files/" + key
}

// removeFile deletes a file that is no longer referenced; failing leaves
// an orphan, which costs disk space only.
func (s *Service) removeFile(ctx context.Context, key string) {
	if err := s.files.Delete(ctx, key); err != nil {
		s.log.Warn("unreferenced file left behind", "key", key, "err", err)
	}
}

func assetPrefix(user account.UserID) string { return "u/" + string(user) }

func randomPreset() string {
	n, err := rand.Int(rand.Reader, big.NewInt(int64(len(account.Avatars))))
	if err != nil {
		return account.Avatars[0]
	}
	return account.Avatars[n.Int64()]
}
