"""Password rules (等保): at least 8 characters, three of the four character classes, and not
the account's mobile number."""

from __future__ import annotations

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class ComplexityValidator:
    min_length = 8

    def validate(self, password: str, user=None) -> None:
        errors = []
        if len(password) < self.min_length:
            errors.append(ValidationError(_("密码至少需要 8 个字符。"), code="password_too_short"))
        classes = sum(
            [
                any(c.islower() for c in password),
                any(c.isupper() for c in password),
                any(c.isdigit() for c in password),
                any(c in string.punctuation or c == " " for c in password),
            ]
        )
        if classes < 3:
            errors.append(
                ValidationError(
                    _("密码需包含大写字母、小写字母、数字、符号中的至少三类。"),
                    code="password_too_simple",
                )
            )
        mobile = getattr(user, "mobile", None) if user is not None else None
        if mobile and mobile in password:
            errors.append(ValidationError(_("密码不能包含手机号。"), code="password_has_mobile"))
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return _("至少 8 个字符，包含大写字母、小写字母、数字、符号中的至少三类，不能包含手机号。")
