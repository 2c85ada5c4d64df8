"""Triage help (分拣辅助): similar submissions grouped, the most similar earlier submissions and problems,
a suggested category. Suggestions only: people decide, nothing here changes a submission.

The core is pure functions on texts: TF-IDF over character 1–3-grams (Chinese needs no word
segmentation this way, and nothing is downloaded at run time), cosine similarity.

- `group_similar(texts)`: near-duplicate groups: each text joins the earliest text whose cosine with
  it is at least the threshold. Up to `EXACT_LIMIT` texts the cosine is the TF-IDF one; above it the vectors are first
  reduced to `SVD_DIMS` dimensions (latent semantic analysis, which also brings paraphrases closer),
  and the similarity matrix is computed in row blocks so that memory stays flat: 100,000 texts in
  well under a minute on two cores (bench/triage.py).
- `SimilarityIndex`: one campaign's earlier submissions and problems, fitted once and kept in memory
  (`campaign_index`); one new text's top 3 costs a transform and a sparse product (milliseconds).
- `suggest_category`: keyword rules from each category's name and description until there are
  `MIN_TRAINED` classified examples (submissions accepted into problems with a category, and those
  problems), then the nearest category centroid of those examples.

Cache invalidation: an index is keyed by campaign and by a stamp of what it was fitted on (count and
greatest id of the campaign's submissions and problems, and the categories' count and greatest id);
every lookup recomputes the stamp with one aggregate query per table and refits when it changed, and
an index older than `INDEX_TTL` seconds is refitted anyway (a category renamed or a problem
re-categorised keeps the stamp). The cache is per process and bounded (`INDEX_CACHE_SIZE` campaigns).
"""

import csv
import io
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import csr_matrix, vstack
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

NGRAMS = (1, 2)
# Cosine above which two texts are shown as one concern. The exact TF-IDF cosine of two paraphrases
# is low (they share few characters); the reduced (LSA) cosine of unrelated texts is high. Tuned on
# the tests' examples and on bench/triage.py.
EXACT_THRESHOLD = 0.12
SVD_THRESHOLD = 0.60
EXACT_LIMIT = 5000
SVD_DIMS = 128
BLOCK_ROWS = 1000
TOP = 3
BOILERPLATE_DF = 0.05
BOILERPLATE_MIN_TEXTS = 1000
MIN_TRAINED = 20
INDEX_TTL = 600
INDEX_CACHE_SIZE = 32

_NOISE = re.compile(r"[^\w]+")


def clean(text: str) -> str:
    """Punctuation and spacing out: they carry no meaning and would make n-grams match by accident."""
    return _NOISE.sub(" ", text or "").strip().lower()


def vectorizer(max_features: int | None = None, n_texts: int = 0) -> TfidfVectorizer:
    """In a large inbox an n-gram found in more than `BOILERPLATE_DF` of the texts is boilerplate (a
    greeting, a unit's name, "希望尽快解决"): kept, it links unrelated submissions."""
    return TfidfVectorizer(
        analyzer="char",
        ngram_range=NGRAMS,
        preprocessor=clean,
        sublinear_tf=True,
        dtype=np.float32,
        max_features=max_features,
        max_df=BOILERPLATE_DF if n_texts >= BOILERPLATE_MIN_TEXTS else 1.0,
    )


# --- grouping ----------------------------------------------------------------------------------


def _embed(texts: list[str]):
    """Unit-length rows: TF-IDF itself for small inboxes, its LSA reduction for large ones."""
    matrix = vectorizer(max_features=2**18, n_texts=len(texts)).fit_transform(texts)
    if len(texts) <= EXACT_LIMIT:
        return matrix, EXACT_THRESHOLD
    svd = TruncatedSVD(n_components=SVD_DIMS, algorithm="randomized", n_iter=3, random_state=0)
    reduced = svd.fit_transform(matrix).astype(np.float32)
    return normalize(reduced), SVD_THRESHOLD


def group_labels(texts: list[str], *, threshold: float | None = None) -> np.ndarray:
    """A group number for each text: the index of the earliest text similar to it (itself if none).

    One hop, not connected components: on character n-grams a chain of similar pairs links unrelated
    concerns (A~B through a shared phrase, B~C through another), so every member of a group is
    similar to the group's first text.
    """
    n = len(texts)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    rows, default = _embed(texts)
    threshold = default if threshold is None else threshold
    labels = np.empty(n, dtype=np.int64)
    for start in range(0, n, BLOCK_ROWS):
        stop = min(n, start + BLOCK_ROWS)
        # Only earlier texts (and itself) can be an anchor: columns up to `stop`.
        sims = rows[start:stop] @ rows[:stop].T
        sims = sims.toarray() if hasattr(sims, "toarray") else np.asarray(sims)
        similar = sims >= threshold
        similar[np.arange(stop - start), np.arange(start, stop)] = True
        labels[start:stop] = np.argmax(similar, axis=1)
    return labels


def group_similar(texts: list[str], *, threshold: float | None = None) -> list[list[int]]:
    """Groups of two or more similar texts (indexes into `texts`), largest first."""
    labels = group_labels(texts, threshold=threshold)
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(index)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), g[0]))


# --- similar items and categories ----------------------------------------------------------------


@dataclass
class Suggestion:
    kind: str  # "submission" | "problem"
    pk: int
    text: str
    score: float


@dataclass
class Category:
    pk: int
    name: str
    description: str = ""


@dataclass
class SimilarityIndex:
    """Earlier submissions and problems of one campaign, and its categories, fitted once."""

    items: list[tuple[str, int, str]]  # (kind, pk, text)
    categories: list[Category] = field(default_factory=list)
    labelled: list[tuple[str, int]] = field(default_factory=list)  # (text, category pk)
    stamp: tuple = ()
    fitted_at: float = 0.0

    def __post_init__(self):
        corpus = [text for _, _, text in self.items] + [text for text, _ in self.labelled]
        corpus += [f"{c.name} {c.description}" for c in self.categories]
        self.vectorizer = vectorizer(n_texts=len(corpus)).fit(corpus or [""])
        self.matrix = self.vectorizer.transform([text for _, _, text in self.items] or [""]).tocsr()
        self.category_matrix = self._category_matrix()
        self.fitted_at = time.monotonic()

    def _category_matrix(self) -> csr_matrix | None:
        if not self.categories:
            return None
        if len(self.labelled) >= MIN_TRAINED:
            # Nearest centroid of the classified examples; a category without examples keeps its words.
            vectors = self.vectorizer.transform([text for text, _ in self.labelled])
            labels = np.array([pk for _, pk in self.labelled])
            rows = []
            for category in self.categories:
                mask = labels == category.pk
                if mask.any():
                    rows.append(csr_matrix(vectors[mask].mean(axis=0)))
                else:
                    rows.append(self.vectorizer.transform([f"{category.name} {category.description}"]))
            return normalize(vstack(rows).tocsr())
        return self.vectorizer.transform([f"{c.name} {c.description}" for c in self.categories])

    @property
    def trained(self) -> bool:
        return len(self.labelled) >= MIN_TRAINED

    def similar(self, text: str, *, top: int = TOP, exclude: tuple[str, int] | None = None) -> list[Suggestion]:
        if not self.items:
            return []
        query = self.vectorizer.transform([text])
        scores = (self.matrix @ query.T).toarray().ravel()
        if exclude is not None:
            for index, (kind, pk, _) in enumerate(self.items):
                if (kind, pk) == exclude:
                    scores[index] = -1.0
        count = min(top, len(scores))
        best = np.argpartition(-scores, count - 1)[:count]
        best = best[np.argsort(-scores[best])]
        return [
            Suggestion(self.items[i][0], self.items[i][1], self.items[i][2], float(scores[i]))
            for i in best
            if scores[i] > 0
        ]

    def suggest_category(self, text: str) -> Category | None:
        if self.category_matrix is None:
            return None
        scores = (self.category_matrix @ self.vectorizer.transform([text]).T).toarray().ravel()
        best = int(np.argmax(scores))
        return self.categories[best] if scores[best] > 0 else None


def suggest_category(text: str, categories: list[Category], labelled: list[tuple[str, int]] = ()) -> Category | None:
    """The suggested category of one text: keywords at first, the examples' centroids once trained."""
    return SimilarityIndex(items=[], categories=categories, labelled=list(labelled)).suggest_category(text)


# --- the campaign's index (database) -------------------------------------------------------------

_cache: OrderedDict[int, SimilarityIndex] = OrderedDict()
_lock = threading.Lock()


def _campaign_stamp(campaign_ids: list[int]) -> tuple:
    from django.db.models import Count, Max

    from campaigns.models import ProblemCategory
    from ledger.models import Problem
    from participation.models import Submission

    stamp = []
    for model, field_name in ((Submission, "campaign_id__in"), (Problem, "campaign_id__in")):
        row = model.objects.filter(**{field_name: campaign_ids}).aggregate(n=Count("id"), last=Max("id"))
        stamp += [row["n"], row["last"]]
    row = ProblemCategory.objects.filter(campaign_id=campaign_ids[0]).aggregate(n=Count("id"), last=Max("id"))
    return (*stamp, row["n"], row["last"])


def _campaign_fit(campaign, campaign_ids: list[int], stamp: tuple) -> SimilarityIndex:
    from campaigns.models import ProblemCategory
    from ledger.models import Problem
    from participation.models import Submission

    problems = list(Problem.objects.filter(campaign_id__in=campaign_ids).values_list("pk", "description", "category"))
    submissions = list(
        Submission.objects.filter(campaign_id__in=campaign_ids).values_list("pk", "text", "problem__category")
    )
    # A sub-plan's categories are its parent's: the top campaign's categories are the ones offered.
    categories = [
        Category(pk, name, description)
        for pk, name, description in ProblemCategory.objects.filter(campaign=campaign).values_list(
            "pk", "name", "description"
        )
    ]
    category_ids = {c.pk for c in categories}
    labelled = [(text, cat) for _, text, cat in submissions if cat in category_ids]
    labelled += [(text, cat) for _, text, cat in problems if cat in category_ids]
    items = [("submission", pk, text) for pk, text, _ in submissions]
    items += [("problem", pk, text) for pk, text, _ in problems]
    return SimilarityIndex(items=items, categories=categories, labelled=labelled, stamp=stamp)


def campaign_index(campaign) -> SimilarityIndex:
    """The cached index of a campaign and its sub-plans (see the module docstring on invalidation)."""
    from participation.selectors import campaign_family_ids

    campaign_ids = campaign_family_ids(campaign)
    stamp = _campaign_stamp(campaign_ids)
    with _lock:
        index = _cache.get(campaign.pk)
        if index is not None and index.stamp == stamp and time.monotonic() - index.fitted_at < INDEX_TTL:
            _cache.move_to_end(campaign.pk)
            return index
    index = _campaign_fit(campaign, campaign_ids, stamp)
    with _lock:
        _cache[campaign.pk] = index
        while len(_cache) > INDEX_CACHE_SIZE:
            _cache.popitem(last=False)
    return index


def submission_suggestions(user, submission) -> dict:
    """For the submission page: top-3 similar earlier submissions and problems the user may see, and
    the suggested category."""
    from ledger.selectors import problem_list
    from participation.selectors import submission_list

    index = campaign_index(submission.campaign)
    # A few more than three, so that what the user may not see can be dropped.
    found = index.similar(submission.text, top=TOP * 4, exclude=("submission", submission.pk))
    visible_submissions = set(
        submission_list(user)
        .filter(pk__in=[s.pk for s in found if s.kind == "submission"])
        .values_list("pk", flat=True)
    )
    visible_problems = dict(
        problem_list(user).filter(pk__in=[s.pk for s in found if s.kind == "problem"]).values_list("pk", "code")
    )
    shown = []
    for suggestion in found:
        if suggestion.kind == "submission" and suggestion.pk in visible_submissions:
            shown.append(suggestion)
        elif suggestion.kind == "problem" and suggestion.pk in visible_problems:
            suggestion.code = visible_problems[suggestion.pk]
            shown.append(suggestion)
    return {
        "similar": shown[:TOP],
        "category": index.suggest_category(submission.text),
        "trained": index.trained,
    }


# --- the job -------------------------------------------------------------------------------------


def groups_csv(rows: list[tuple[int, str, str]], groups: list[list[int]]) -> bytes:
    """CSV (UTF-8 with BOM, so that Excel reads Chinese) of the groups: group, size, id, unit, text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["组号", "本组条数", "意见编号", "反映单位", "内容"])
    for number, group in enumerate(groups, start=1):
        for index in group:
            pk, org, text = rows[index]
            writer.writerow([number, len(group), pk, org, text])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _register_job() -> None:
    from jobs.choices import JobKind
    from jobs.registry import JobResult, register

    @register(JobKind.TRIAGE)
    def triage_job(job, progress) -> JobResult:
        """Group the campaign's pending submissions the job's owner may see."""
        from campaigns.models import Campaign
        from common.exceptions import DomainError
        from participation.choices import SubmissionStatus
        from participation.selectors import campaign_family_ids, submission_list

        campaign = Campaign.objects.filter(pk=job.params.get("campaign")).first()
        if campaign is None:
            raise DomainError("未找到该活动。")
        rows = list(
            submission_list(job.created_by)
            .filter(campaign_id__in=campaign_family_ids(campaign), status=SubmissionStatus.PENDING)
            .order_by("id")
            .values_list("pk", "org__name", "text")
        )
        progress(0, len(rows))
        groups = group_similar([text for _, _, text in rows])
        progress(len(rows), len(rows))
        grouped = sum(len(g) for g in groups)
        message = (
            f"共 {len(rows)} 条待处理意见，其中 {grouped} 条归为 {len(groups)} 组相似意见。"
            "分组仅供参考，是否并入或标记重复由处理人决定。"
        )
        return JobResult(message=message, output_name=f"意见归类_{campaign.pk}.csv", output=groups_csv(rows, groups))


_register_job()
