"""Who and what a ledger's cells may name: people, departments and categories, loaded once per import."""

import re

from django.db.models import Q

from campaigns.models import Campaign, ProblemCategory
from ledger.imports.reading import LIST_SPLIT_RE, SECTION_RE, squeeze
from organisations.models import Membership, Org


class Directory:
    """The people, departments and categories a ledger of `org` in `campaign` may name, loaded once."""

    def __init__(self, campaign: Campaign, org: Org):
        self.org = org
        ancestors = [int(p) for p in org.path.strip("/").split("/") if p]
        self.inside: dict[str, dict[int, list[str]]] = {}
        self.above: dict[str, dict[int, list[str]]] = {}
        rows = Membership.objects.filter(
            Q(org__path__startswith=org.path) | Q(org_id__in=ancestors), user__is_active=True
        ).values_list("user_id", "user__name", "user__username", "org__path")
        for user_id, name, username, path in rows:
            table = self.inside if path.startswith(org.path) else self.above
            for key in {squeeze(name), username.lower()} - {""}:
                table.setdefault(key, {}).setdefault(user_id, []).append(path)
        self.orgs = {o.pk: o for o in Org.objects.filter(path__startswith=org.path)}
        self.departments: dict[str, list[Org]] = {}
        for unit in self.orgs.values():
            parent = self.orgs.get(unit.parent_id)
            keys = {unit.name, unit.short_name, unit.name.removeprefix(org.name)}
            if parent is not None:
                keys.add(unit.name.removeprefix(parent.name))
            for key in {squeeze(k) for k in keys} - {""}:
                self.departments.setdefault(key, []).append(unit)
        self.categories = list(ProblemCategory.objects.filter(campaign=campaign).order_by("sort_order", "id"))
        self.category_cache: dict[str, ProblemCategory | None] = {}

    def person(self, text: str, label: str, *, above_too: bool, within: Org | None) -> int | None:
        """The id of the one active person of that name (or username) in the org's subtree (or, for a
        leader, above it); ValueError otherwise."""
        name = _single(text, label)
        if not name:
            return None
        key = squeeze(re.sub(r"[（(].*?[)）]", "", name)) or squeeze(name)
        found = dict(self.inside.get(key, {}) or self.inside.get(key.lower(), {}))
        if above_too and not found:
            found = dict(self.above.get(key, {}) or self.above.get(key.lower(), {}))
        if len(found) > 1 and within is not None:
            narrowed = {k: v for k, v in found.items() if any(p.startswith(within.path) for p in v)}
            found = narrowed or found
        if not found:
            where = f"“{self.org}”及其上级单位" if above_too else f"“{self.org}”及其下级单位"
            raise ValueError(f"在{where}中找不到人员“{name}”，请核对姓名，或先在系统中添加该人员")
        if len(found) > 1:
            raise ValueError(f"“{name}”有{len(found)}人同名，无法确定是哪一位，请在系统中核对后再导入")
        return next(iter(found))

    def department(self, text: str, label: str) -> Org | None:
        name = _single(text, label)
        if not name:
            return None
        found = self.departments.get(squeeze(name), [])
        if not found:
            raise ValueError(f"在“{self.org}”及其下级单位中找不到“{name}”，请核对名称或简称")
        if len(found) > 1:
            raise ValueError(f"“{name}”对应多个单位（{'、'.join(o.name for o in found[:3])}），请填写全称")
        return found[0]

    def category(self, text: str) -> ProblemCategory | None:
        """The campaign's category by name, or by the core of a heading such as 一、工作作风方面."""
        if text in self.category_cache:
            return self.category_cache[text]
        core = _category_core(text)
        found = [c for c in self.categories if squeeze(c.name) == squeeze(text)]
        found = found or [c for c in self.categories if _category_core(c.name) == core]
        found = found or [
            c for c in self.categories if core and (core in squeeze(c.name) or _category_core(c.name) in core)
        ]
        result = found[0] if len(found) == 1 else None
        self.category_cache[text] = result
        return result


def _category_core(text: str) -> str:
    core = squeeze(text)
    core = SECTION_RE.sub("", core)
    core = re.sub(r"[\"“”'‘’]", "", core)
    return re.sub(r"(方面存在的问题|方面的问题|方面问题|方面|的问题|问题|之冰)$", "", core)


def _single(text: str, label: str) -> str:
    parts = [p.strip() for p in LIST_SPLIT_RE.split(text.strip()) if p.strip()]
    if len(parts) > 1:
        raise ValueError(f"{label}只能填写一个（现为“{text.strip()}”），其余请写入整改措施")
    return parts[0] if parts else ""
