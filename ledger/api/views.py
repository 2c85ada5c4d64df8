"""The ledger's REST API: reads through the selectors, every write through one service call.

A service's refusal becomes 400 with its Chinese message (`common.api.exception_handler`); an
object outside the caller's scope is 404, exactly as if it did not exist.
"""

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from common.dates import today as local_today
from ledger import selectors, services
from ledger.api import serializers as s


def found(get, user, pk):
    try:
        return get(user, pk)
    except ObjectDoesNotExist as error:
        raise NotFound() from error


def validated(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class ProblemViewSet(viewsets.GenericViewSet):
    serializer_class = s.ProblemSerializer
    lookup_value_converter = "int"

    def get_queryset(self):
        return selectors.problem_list(self.request.user)

    @extend_schema(parameters=[s.ProblemFilterSerializer])
    def list(self, request):
        filters = s.ProblemFilterSerializer(data=request.query_params, context=self.get_serializer_context())
        filters.is_valid(raise_exception=True)
        problems = self.get_queryset()
        if (campaign := filters.validated_data.get("campaign")) is not None:
            problems = problems.filter(campaign_id__in=selectors.campaign_family_ids(campaign))
        page = self.paginate_queryset(problems)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk):
        return Response(self.get_serializer(found(selectors.problem_get, request.user, pk)).data)

    @extend_schema(request=s.ProblemCreateSerializer, responses={201: s.ProblemSerializer})
    def create(self, request):
        problem = services.problem_create(actor=request.user, **validated(s.ProblemCreateSerializer, request))
        return Response(self.get_serializer(problem).data, status=status.HTTP_201_CREATED)


class MeasureViewSet(viewsets.GenericViewSet):
    serializer_class = s.MeasureSerializer
    lookup_value_converter = "int"

    def get_queryset(self):
        return selectors.measure_list(self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": local_today()}

    def detail_response(self, pk, status_code=status.HTTP_200_OK) -> Response:
        measure = found(selectors.measure_get, self.request.user, pk)
        return Response(s.MeasureDetailSerializer(measure, context=self.get_serializer_context()).data, status_code)

    @extend_schema(parameters=[s.MeasureFilterSerializer])
    def list(self, request):
        filters = s.MeasureFilterSerializer(data=request.query_params, context=self.get_serializer_context())
        filters.is_valid(raise_exception=True)
        measures = selectors.ledger_measures(request.user, filters.validated_data, local_today())
        measures = measures.select_related("problem", "org", "owner")
        page = self.paginate_queryset(measures)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(responses=s.MeasureDetailSerializer)
    def retrieve(self, request, pk):
        return self.detail_response(pk)

    @extend_schema(request=s.MeasureCreateSerializer, responses={201: s.MeasureDetailSerializer})
    def create(self, request):
        measure = services.measure_create(actor=request.user, **validated(s.MeasureCreateSerializer, request))
        return self.detail_response(measure.pk, status.HTTP_201_CREATED)

    # --- transitions: each is one service call, answered with the measure as it now is ---------

    @extend_schema(request=s.RemarkSerializer, responses=s.MeasureDetailSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk):
        measure = found(selectors.measure_get, request.user, pk)
        services.measure_start(actor=request.user, measure=measure, **validated(s.RemarkSerializer, request))
        return self.detail_response(pk)

    @extend_schema(methods=["GET"], responses=s.ProgressSerializer(many=True))
    @extend_schema(methods=["POST"], request=s.ProgressInputSerializer, responses={201: s.ProgressSerializer})
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser], pagination_class=None)
    def progress(self, request, pk):
        measure = found(selectors.measure_get, request.user, pk)
        if request.method == "GET":
            reports = measure.progress.select_related("created_by").prefetch_related("evidence")
            return Response(s.ProgressSerializer(reports, many=True).data)
        progress = services.progress_report(
            actor=request.user, measure=measure, **validated(s.ProgressInputSerializer, request)
        )
        return Response(s.ProgressSerializer(progress).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.CloseoutRequestSerializer, responses=s.MeasureDetailSerializer)
    @action(detail=True, methods=["post"], url_path="request-closeout", parser_classes=[MultiPartParser])
    def request_closeout(self, request, pk):
        measure = found(selectors.measure_get, request.user, pk)
        services.measure_request_closeout(
            actor=request.user, measure=measure, **validated(s.CloseoutRequestSerializer, request)
        )
        return self.detail_response(pk)

    @extend_schema(request=s.RemarkSerializer, responses=s.MeasureDetailSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk):
        measure = found(selectors.measure_get, request.user, pk)
        services.measure_confirm(actor=request.user, measure=measure, **validated(s.RemarkSerializer, request))
        return self.detail_response(pk)

    @extend_schema(request=s.RemarkSerializer, responses=s.MeasureDetailSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk):
        measure = found(selectors.measure_get, request.user, pk)
        services.measure_verify(actor=request.user, measure=measure, **validated(s.RemarkSerializer, request))
        return self.detail_response(pk)

    @extend_schema(request=s.SendBackSerializer, responses=s.MeasureDetailSerializer)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk):
        measure = found(selectors.measure_get, request.user, pk)
        services.measure_send_back(actor=request.user, measure=measure, **validated(s.SendBackSerializer, request))
        return self.detail_response(pk)

    @extend_schema(methods=["GET"], responses=s.ExtensionSerializer(many=True))
    @extend_schema(methods=["POST"], request=s.ExtensionRequestSerializer, responses={201: s.ExtensionSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def extensions(self, request, pk):
        measure = found(selectors.measure_get, request.user, pk)
        if request.method == "GET":
            return Response(s.ExtensionSerializer(measure.extensions.all(), many=True).data)
        extension = services.extension_request(
            actor=request.user, measure=measure, **validated(s.ExtensionRequestSerializer, request)
        )
        return Response(s.ExtensionSerializer(extension).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.UrgeInputSerializer, responses={201: s.UrgeSerializer})
    @action(detail=True, methods=["post"])
    def urge(self, request, pk):
        measure = found(selectors.measure_get, request.user, pk)
        urge = services.measure_urge(actor=request.user, measure=measure, **validated(s.UrgeInputSerializer, request))
        return Response(s.UrgeSerializer(urge).data, status=status.HTTP_201_CREATED)

    # --- what happened to a measure ----------------------------------------------------------

    @extend_schema(responses=s.EvidenceSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def evidence(self, request, pk):
        measure = found(selectors.measure_get, request.user, pk)
        return Response(s.EvidenceSerializer(measure.evidence.all(), many=True).data)

    @extend_schema(responses=s.MeasureEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def events(self, request, pk):
        measure = found(selectors.measure_get, request.user, pk)
        events = measure.events.select_related("actor")
        return Response(s.MeasureEventSerializer(events, many=True).data)


class ExtensionViewSet(viewsets.GenericViewSet):
    """Pending extension requests the caller can see; the office of the measure's org decides them."""

    serializer_class = s.ExtensionSerializer
    lookup_value_converter = "int"

    def get_queryset(self):
        return selectors.pending_extensions(self.request.user)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk):
        return Response(self.get_serializer(found(selectors.extension_get, request.user, pk)).data)

    @extend_schema(request=s.RemarkSerializer, responses=s.ExtensionSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk):
        extension = found(selectors.extension_get, request.user, pk)
        extension = services.extension_approve(
            actor=request.user, extension=extension, **validated(s.RemarkSerializer, request)
        )
        return Response(self.get_serializer(extension).data)

    @extend_schema(request=s.RemarkSerializer, responses=s.ExtensionSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk):
        extension = found(selectors.extension_get, request.user, pk)
        extension = services.extension_refuse(
            actor=request.user, extension=extension, **validated(s.RemarkSerializer, request)
        )
        return Response(self.get_serializer(extension).data)
