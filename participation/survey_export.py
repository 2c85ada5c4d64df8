"""A survey's results as a small Excel workbook: a pure function from survey_results to bytes."""

import io

from openpyxl import Workbook

from participation.survey_selectors import SurveyResults


def survey_results_xlsx(results: SurveyResults) -> bytes:
    book = Workbook(write_only=True)
    if results.targets:
        sheet = book.create_sheet("测评结果")
        sheet.append(["测评对象", "满意", "基本满意", "不满意", "有效票", "满意率(%)"])
        for row in results.targets:
            sheet.append([row.target.name, row.satisfied, row.basically, row.unsatisfied, row.valid, row.rate])
    if results.questions or not results.targets:
        sheet = book.create_sheet("问卷结果")
        sheet.append(["题目", "选项", "票数", "占比(%)"])
        for item in results.questions:
            title = f"{item.question.order}. {item.question.text}"
            for row in item.rows:
                sheet.append([title, row.label, row.count, row.percent])
            if item.average is not None:
                sheet.append([title, "平均分", None, item.average])
            if item.rate is not None:
                sheet.append([title, "满意率", None, item.rate])
            for text in item.texts:
                sheet.append([title, text, None, None])
    sheet = book.create_sheet("说明")
    sheet.append(["问卷", results.survey.title])
    sheet.append(["有效答卷", results.responses])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
