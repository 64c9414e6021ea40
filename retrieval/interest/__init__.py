"""User interest: the interpretable category profile and the learned ranking score R(u, c) = u^T c."""

from .profile import CategoryProfiles, ProfileConfig, category_matrix, fit_profiles

__all__ = ["CategoryProfiles", "ProfileConfig", "category_matrix", "fit_profiles"]
