<?php

declare(strict_types=1);

namespace Dreport\Viewer;

/**
 * Texts of the shop reports added for issue 12 point 2 (operators, print groups, expenses,
 * BOS, tickets, item stock/sales), in both languages; I18n reads them after its own table.
 */
final class ReportTexts
{
    /** @var array<string,array{bg:string,en:string}> */
    public const T = [
        'r_dailysalesbyoperators' => ['bg' => 'Дневни продажби по оператори', 'en' => 'Daily sales by operators'],
        'r_monthlysalesbyoperators' => [
            'bg' => 'Месечни продажби по оператори',
            'en' => 'Monthly sales by operators',
        ],
        'r_dailysalesbyprintgroup' => [
            'bg' => 'Дневни продажби по групи за печат',
            'en' => 'Daily sales by print group',
        ],
        'r_monthlysalesbyprintgroup' => [
            'bg' => 'Месечни продажби по групи за печат',
            'en' => 'Monthly sales by print group',
        ],
        'r_consumablesexpenses' => ['bg' => 'Разходи консумативи', 'en' => 'Consumables expenses'],
        'r_goodsexpenses' => ['bg' => 'Разходи стоки', 'en' => 'Goods expenses'],
        'r_bossalesturnover' => ['bg' => 'БОС продажби - дневен оборот', 'en' => 'BOS sales - daily turnover'],
        'r_bossalesmonthlyturnover' => [
            'bg' => 'БОС продажби - месечен оборот',
            'en' => 'BOS sales - monthly turnover',
        ],
        'r_bossalescounterpartyturnover' => [
            'bg' => 'БОС продажби - дневен оборот по контрагенти',
            'en' => 'BOS sales - counterparty daily turnover',
        ],
        'r_bossalescounterpartymonthlyturnover' => [
            'bg' => 'БОС продажби - месечен оборот по контрагенти',
            'en' => 'BOS sales - counterparty monthly turnover',
        ],
        'r_activetickets' => ['bg' => 'Активни билети', 'en' => 'Active tickets'],
        'r_ticketscontrol' => ['bg' => 'Контрол билети', 'en' => 'Tickets control'],
        'r_itemstock' => ['bg' => 'Наличност в склад', 'en' => 'Availability in stock'],
        'r_itemdailysales' => ['bg' => 'Дневни продажби на артикул', 'en' => 'Item daily sales'],
        'r_itemmonthlysales' => ['bg' => 'Месечни продажби на артикул', 'en' => 'Item monthly sales'],
        'r_operators' => ['bg' => 'Продажби по оператори', 'en' => 'Sales by operator'],
        'dates' => ['bg' => 'Период: %s', 'en' => 'Period: %s'],
        'chart_converted' => [
            'bg' => 'В графиката сумите в лв и € са събрани в %s (1 € = %s лв); '
                . 'таблицата е в оригиналната валута.',
            'en' => 'The chart adds the лв and € amounts in %s (1 € = %s лв); the table keeps each currency.',
        ],
        'print_groups' => ['bg' => 'Продажби по групи за печат', 'en' => 'Sales by print group'],
        'print_group' => ['bg' => 'Група за печат', 'en' => 'Print group'],
        'no_print_group' => ['bg' => '(без група за печат)', 'en' => '(no print group)'],
        'avg_price' => ['bg' => 'Средна цена', 'en' => 'Average price'],
        'items' => ['bg' => 'Артикули', 'en' => 'Items'],
        'by_document' => ['bg' => 'По вид документ', 'en' => 'By document type'],
        'document' => ['bg' => 'Документ', 'en' => 'Document'],
        'docs' => ['bg' => 'Бр. док.', 'en' => 'Docs'],
        'last_4_months' => ['bg' => 'Последните 4 месеца', 'en' => 'Last 4 months'],
        'counterparties' => ['bg' => 'Оборот по контрагенти', 'en' => 'Turnover by counterparty'],
        'counterparty' => ['bg' => 'Контрагент', 'en' => 'Counterparty'],
        'no_tickets' => ['bg' => 'Няма активни билети.', 'en' => 'There are no active tickets.'],
        'active_tickets' => ['bg' => 'Активни билети', 'en' => 'Active tickets'],
        'owner' => ['bg' => 'Собственик', 'en' => 'Owner'],
        'count' => ['bg' => 'Брой', 'en' => 'Count'],
        'valid_from' => ['bg' => 'Валиден от', 'en' => 'Valid from'],
        'valid_to' => ['bg' => 'Валиден до', 'en' => 'Valid to'],
        'no_such_page' => ['bg' => 'Няма такава страница.', 'en' => 'There is no such page.'],
        'page_of' => ['bg' => 'Страница %d от %d', 'en' => 'Page %d of %d'],
        'prev_page' => ['bg' => '‹ Предишна', 'en' => '‹ Previous'],
        'next_page' => ['bg' => 'Следваща ›', 'en' => 'Next ›'],
        'item_invalid' => ['bg' => 'Невалиден номер на артикул.', 'en' => 'Invalid item number.'],
        'item_not_found' => ['bg' => 'Няма артикул с номер %d.', 'en' => 'There is no item number %d.'],
        'no_stock' => ['bg' => 'Артикулът няма наличност в склад.', 'en' => 'The item has no stock in any storage.'],
        'in_stock' => ['bg' => 'Наличност', 'en' => 'In stock'],
        'storage' => ['bg' => 'Склад', 'en' => 'Storage'],
        'sale_lines' => ['bg' => 'Редове продажби', 'en' => 'Sale lines'],
        'day_sales' => ['bg' => 'Продажби за деня', 'en' => 'Sales of the day'],
        'expense_group' => ['bg' => 'Група консумативи (разходи)', 'en' => 'Consumables group (expenses)'],
        'err_bad_expense_group' => [
            'bg' => 'Групата консумативи трябва да е цяло число от 0 до 999999999.',
            'en' => 'The consumables group must be a whole number from 0 to 999999999.',
        ],
    ];
}
