<?php

declare(strict_types=1);

namespace Dreport\Viewer;

/**
 * The viewer's two languages. Bulgarian is the shops' language and the default, whatever the
 * browser asks for: the shops' wrapper app opens its start URL with nothing else in it, often
 * on an English Windows, and the original site was Bulgarian. English is chosen with
 * `?lang=en` (kept in the device session). Every user-visible viewer text lives in this one
 * table.
 */
final class I18n
{
    public const LANGS = ['bg', 'en'];

    /** @var array<string,array{bg:string,en:string}> */
    private const T = [
        'app' => ['bg' => 'Отчети', 'en' => 'Reports'],
        'objects' => ['bg' => 'Моите обекти', 'en' => 'My objects'],
        'no_objects' => [
            'bg' => 'Все още няма добавени обекти. Добавете обект с неговия ID и парола.',
            'en' => 'No objects yet. Add one with its object ID and password.',
        ],
        'add_object' => ['bg' => 'Добави обект', 'en' => 'Add object'],
        'object_id' => ['bg' => 'ID на обекта', 'en' => 'Object ID'],
        'object_password' => ['bg' => 'Парола на обекта', 'en' => 'Object password'],
        'new_password' => ['bg' => 'Нова парола (празно = без промяна)', 'en' => 'New password (empty = keep)'],
        'object_name' => ['bg' => 'Име (по избор)', 'en' => 'Name (optional)'],
        'name' => ['bg' => 'Име', 'en' => 'Name'],
        'time_offset' => ['bg' => 'Работният ден започва в (час)', 'en' => 'Business day starts at (hour)'],
        'time_offset_hint' => [
            'bg' => 'За обекти, работещи след полунощ: при +3 продажба в 02:00 се отчита към предходния ден.',
            'en' => 'For venues open past midnight: with +3 a sale at 02:00 counts to the previous day.',
        ],
        'save' => ['bg' => 'Запази', 'en' => 'Save'],
        'edit' => ['bg' => 'Настройки', 'en' => 'Settings'],
        'delete' => ['bg' => 'Изтрий', 'en' => 'Delete'],
        'cancel' => ['bg' => 'Отказ', 'en' => 'Cancel'],
        'confirm_delete' => [
            'bg' => 'Да изтрия ли обект „%s“ (%s) от това устройство?',
            'en' => 'Delete object "%s" (%s) from this device?',
        ],
        'yes_delete' => ['bg' => 'Да, изтрий', 'en' => 'Yes, delete'],
        'added' => ['bg' => 'Обектът е добавен.', 'en' => 'The object was added.'],
        'saved' => ['bg' => 'Промените са запазени.', 'en' => 'Changes saved.'],
        'deleted' => ['bg' => 'Обектът е изтрит.', 'en' => 'The object was deleted.'],
        'err_bad_object_id' => ['bg' => 'Невалиден ID на обект.', 'en' => 'Invalid object ID.'],
        'err_password_required' => ['bg' => 'Въведете паролата на обекта.', 'en' => 'Enter the object password.'],
        'err_unknown_object' => ['bg' => 'Няма такъв обект.', 'en' => 'No such object.'],
        'err_inactive_object' => ['bg' => 'Обектът не е активен.', 'en' => 'The object is not active.'],
        'err_add_locked' => ['bg' => 'Твърде много неуспешни опити за добавяне на обект. Опитайте отново след 15 минути.', 'en' => 'Too many failed attempts to add an object. Try again in 15 minutes.'],
        'err_duplicate' => [
            'bg' => 'Обектът вече е добавен на това устройство.',
            'en' => 'The object is already on this device.',
        ],
        'err_bad_name' => ['bg' => 'Името трябва да е до 30 знака.', 'en' => 'The name must be at most 30 characters.'],
        'err_bad_offset' => [
            'bg' => 'Началото на работния ден трябва да е между +0 и +8 часа.',
            'en' => 'The business day must start between +0 and +8 hours.',
        ],
        'err_csrf' => [
            'bg' => 'Формулярът е изтекъл. Опитайте отново.',
            'en' => 'The form has expired. Please try again.',
        ],
        'err_no_device' => [
            'bg' => 'Отворете приложението от вашето устройство (липсва ID на устройство).',
            'en' => 'Open the app from your device (the device ID is missing).',
        ],
        'err_bad_device' => ['bg' => 'Невалиден ID на устройство.', 'en' => 'Invalid device ID.'],
        'err_not_yours' => [
            'bg' => 'Обектът не е добавен на това устройство.',
            'en' => 'This object is not on this device.',
        ],
        'err_unknown_report' => ['bg' => 'Няма такъв отчет.', 'en' => 'No such report.'],
        'err_internal' => [
            'bg' => 'Възникна грешка. Опитайте по-късно.',
            'en' => 'Something went wrong. Please try later.',
        ],
        'sub_expired' => [
            'bg' => 'Абонаментът е изтекъл на %s. Подновете го, за да виждате отчети.',
            'en' => 'The subscription expired on %s. Renew it to see reports.',
        ],
        'sub_expires_soon' => [
            'bg' => 'Абонаментът изтича на %s (след %d дни).',
            'en' => 'The subscription expires on %s (in %d days).',
        ],
        'sub_expires_today' => ['bg' => 'Абонаментът изтича днес.', 'en' => 'The subscription expires today.'],
        'sub_inactive' => ['bg' => 'Абонаментът не е активен.', 'en' => 'The subscription is not active.'],
        'sub_unknown' => [
            'bg' => 'Обектът не е намерен в абонаментите.',
            'en' => 'The object is not in the subscriptions.',
        ],
        'sub_ok' => ['bg' => 'Абонамент до %s', 'en' => 'Subscription until %s'],
        'sub_unverified' => [
            'bg' => 'Паролата още не е потвърдена от обекта. Отворете отчет, за да я проверите.',
            'en' => 'The shop has not confirmed the password yet. Open a report to check it.',
        ],
        'err_too_many_passwords' => [
            'bg' => 'Твърде много грешни пароли. Опитайте отново след 15 минути.',
            'en' => 'Too many wrong passwords. Try again in 15 minutes.',
        ],
        'no_reports' => ['bg' => 'Няма отчети за този обект.', 'en' => 'No reports for this object.'],
        'back' => ['bg' => 'Назад', 'en' => 'Back'],
        'prev_day' => ['bg' => '‹ Предишен', 'en' => '‹ Previous'],
        'next_day' => ['bg' => 'Следващ ›', 'en' => 'Next ›'],
        'today' => ['bg' => 'Днес', 'en' => 'Today'],
        'yesterday' => ['bg' => 'Вчера', 'en' => 'Yesterday'],
        'day' => ['bg' => 'Ден', 'en' => 'Day'],
        'month' => ['bg' => 'Месец', 'en' => 'Month'],
        'total' => ['bg' => 'Общо', 'en' => 'Total'],
        'receipts' => ['bg' => 'Бонове', 'en' => 'Receipts'],
        'currency' => ['bg' => 'Валута', 'en' => 'Currency'],
        'amount' => ['bg' => 'Сума', 'en' => 'Amount'],
        'average' => ['bg' => 'Средно', 'en' => 'Average'],
        'avg_receipt' => ['bg' => 'Среден бон', 'en' => 'Average receipt'],
        'last_7_days' => ['bg' => 'Последните 7 дни', 'en' => 'Last 7 days'],
        'by_payment' => ['bg' => 'По вид плащане', 'en' => 'By payment type'],
        'payment_type' => ['bg' => 'Вид плащане', 'en' => 'Payment type'],
        'by_day' => ['bg' => 'По дни', 'en' => 'By day'],
        'code' => ['bg' => 'Код', 'en' => 'Code'],
        'item' => ['bg' => 'Артикул', 'en' => 'Item'],
        'qty' => ['bg' => 'Кол.', 'en' => 'Qty'],
        'price' => ['bg' => 'Цена', 'en' => 'Price'],
        'discount' => ['bg' => 'Отст. %', 'en' => 'Disc. %'],
        'unit' => ['bg' => 'Мярка', 'en' => 'Unit'],
        'group' => ['bg' => 'Група', 'en' => 'Group'],
        'top_groups' => ['bg' => 'Всички групи', 'en' => 'All groups'],
        'subgroups_of' => ['bg' => 'Подгрупи на „%s“', 'en' => 'Sub-groups of "%s"'],
        'operator' => ['bg' => 'Оператор', 'en' => 'Operator'],
        'bill' => ['bg' => 'Сметка', 'en' => 'Bill'],
        'opened' => ['bg' => 'Отворена', 'en' => 'Opened'],
        'terminal' => ['bg' => 'Терминал', 'en' => 'Terminal'],
        'lines' => ['bg' => 'Редове', 'en' => 'Lines'],
        'open_bills_count' => ['bg' => 'Отворени сметки', 'en' => 'Open bills'],
        'time' => ['bg' => 'Час', 'en' => 'Time'],
        'voided_count' => ['bg' => 'Сторнирани редове', 'en' => 'Voided lines'],
        'voided_value' => ['bg' => 'Стойност', 'en' => 'Value'],
        'no_data' => ['bg' => 'Няма данни за този период.', 'en' => 'No data for this period.'],
        'no_open_bills' => ['bg' => 'Няма отворени сметки.', 'en' => 'There are no open bills.'],
        'loading_hint' => ['bg' => 'Данните идват на живо от обекта.', 'en' => 'The data come live from the shop.'],
        'retry' => ['bg' => 'Опитай пак', 'en' => 'Try again'],
        'language' => ['bg' => 'English', 'en' => 'Български'],
        'rc_title' => ['bg' => 'Няма данни', 'en' => 'No data'],
        'rc_0' => ['bg' => 'OK', 'en' => 'OK'],
        'rc_100' => ['bg' => 'Липсва ID на обекта.', 'en' => 'The object ID is missing.'],
        'rc_101' => ['bg' => 'Липсва парола на обекта.', 'en' => 'The object password is missing.'],
        'rc_102' => [
            'bg' => 'Сайтът няма настроен достъп до сървъра за отчети.',
            'en' => 'The site has no login for the report server.',
        ],
        'rc_103' => [
            'bg' => 'Сървърът за отчети отказа достъп на сайта.',
            'en' => 'The report server refused the site\'s login.',
        ],
        'rc_200' => [
            'bg' => 'Обектът не е на линия (client offline).',
            'en' => 'The shop is not connected (client offline).',
        ],
        'rc_201' => [
            'bg' => 'Обектът е зает с друга заявка. Опитайте след малко.',
            'en' => 'The shop is busy with another request (client busy). Try again shortly.',
        ],
        'rc_202' => [
            'bg' => 'Обектът е свързан повече от веднъж (дублиран ID).',
            'en' => 'The shop is connected more than once (duplicate client ID).',
        ],
        'rc_203' => ['bg' => 'Обектът не отговори навреме.', 'en' => 'The shop did not answer in time (no answer).'],
        'rc_204' => ['bg' => 'Заявката не можа да бъде изпратена.', 'en' => 'The request could not be sent.'],
        'rc_205' => ['bg' => 'Сървърът не позна заявката.', 'en' => 'The report server did not recognise the request.'],
        'rc_1000' => ['bg' => 'Програмата в обекта не можа да изпълни заявката (1000).', 'en' => 'The shop\'s program could not run the request (1000).'],
        'rc_1001' => ['bg' => 'Програмата в обекта получи невалидна заявка (1001).', 'en' => 'The shop\'s program received an invalid request (1001).'],
        'rc_1002' => ['bg' => 'Програмата в обекта отказа заявката (1002).', 'en' => 'The shop\'s program refused the request (1002).'],
        'rc_1003' => ['bg' => 'Заявката е за друг обект (1003).', 'en' => 'The request was for another object (1003).'],
        'rc_1004' => [
            'bg' => 'Грешна парола на обекта. Проверете я в настройките на обекта.',
            'en' => 'Wrong object password. Check it in the object\'s settings.',
        ],
        'rc_1005' => ['bg' => 'Грешен ID на обекта в заявката (1005).', 'en' => 'Wrong object ID in the request (1005).'],
        'rc_1006' => ['bg' => 'Липсващ параметър в командата (1006).', 'en' => 'A parameter is missing in the command (1006).'],
        'rc_1007' => [
            'bg' => 'Грешка при изпълнение на заявката в базата на обекта (SQL грешка).',
            'en' => 'The shop\'s database could not run the query (SQL error).',
        ],
        'rc_1008' => ['bg' => 'Базата данни на обекта не е достъпна (1008).', 'en' => 'The shop\'s database is not available (1008).'],
        'rc_1009' => ['bg' => 'Програмата в обекта не можа да изпрати отговора (1009).', 'en' => 'The shop\'s program could not send the answer (1009).'],
        'rc_1010' => ['bg' => 'Заявката не съдържа справка (1010).', 'en' => 'The request contained no query (1010).'],
        'rc_1011' => ['bg' => 'Абонаментът на обекта е изтекъл.', 'en' => 'The shop\'s subscription has expired.'],
        'rc_1020' => ['bg' => 'Програмата в обекта е заета или спира (1020).', 'en' => 'The shop\'s program is busy or stopping (1020).'],
        'rc_1030' => [
            'bg' => 'Базата на обекта не отговори навреме (1030). Изберете по-кратък период или опитайте по-късно.',
            'en' => 'The shop\'s database took too long (1030). Choose a shorter period or try later.',
        ],
        'rc_1031' => ['bg' => 'Отговорът на обекта е твърде голям (1031).', 'en' => 'The shop\'s answer is too large (1031).'],
        'rc_system' => ['bg' => 'Системна грешка (код %d).', 'en' => 'System error (code %d).'],
        'rc_detail' => ['bg' => 'Съобщение', 'en' => 'Message'],
        'r_dayturnover' => ['bg' => 'Дневен оборот', 'en' => 'Daily turnover'],
        'r_monthturnover' => ['bg' => 'Месечен оборот', 'en' => 'Monthly turnover'],
        'r_groupturnover' => ['bg' => 'Дневен оборот стокови групи', 'en' => 'Groups daily turnover'],
        'r_monthgroupturnover' => ['bg' => 'Месечен оборот стокови групи', 'en' => 'Groups monthly turnover'],
        'r_pluturnover' => ['bg' => 'Най-продавани дневно', 'en' => 'Daily most sold items'],
        'r_monthpluturnover' => ['bg' => 'Най-продавани месечно', 'en' => 'Monthly most sold items'],
        'r_openbills' => ['bg' => 'Отворени сметки', 'en' => 'Open bills'],
        'r_closedbills' => ['bg' => 'Закрити сметки', 'en' => 'Closed bills'],
        'r_voidplues' => ['bg' => 'Сторнирани артикули', 'en' => 'Voided items'],
        'err_report_unavailable' => [
            'bg' => 'Тази справка все още не е налична на този сайт.',
            'en' => 'This report is not available on this site yet.',
        ],
        'sub_expired_on' => [
            'bg' => 'Абонаментът за този обект е изтекъл на: %s',
            'en' => 'Subscription for this location was expired on: %s',
        ],
        'exit' => ['bg' => 'Изход', 'en' => 'Exit'],
        'location_details' => ['bg' => 'Детайли за обекта', 'en' => 'Location details'],
        'euro_note' => [
            'bg' => 'Сумите преди %s са превърнати от лева по курс %s (%s)',
            'en' => 'Amounts before %s converted from BGN at %s (%s)',
        ],
        'revenue_in' => ['bg' => 'Оборот (%s)', 'en' => 'Revenue (%s)'],
        'total_in' => ['bg' => 'Общо в %s', 'en' => 'Total in %s'],
        'revenue_period' => ['bg' => 'Оборот %s', 'en' => 'Revenue %s'],
        'turnover_in' => ['bg' => 'Оборот (%s)', 'en' => 'Turnover (%s)'],
        'turnover_current_day' => ['bg' => 'оборот за текущия ден', 'en' => 'turnover for the current day'],
        'turnover_month_to_date' => ['bg' => 'оборот от началото на месеца', 'en' => 'turnover since the first of the month'],
        'sales_amount_in' => ['bg' => 'стойност на продажбите в %s', 'en' => 'amount of sales in %s'],
        'to_date' => ['bg' => 'Към дата: %s', 'en' => 'To date: %s'],
        'date_is' => ['bg' => 'Дата: %s', 'en' => 'Date: %s'],
        'dates_are' => ['bg' => 'Дати: %s', 'en' => 'Dates: %s'],
        'no_group' => ['bg' => '(без група)', 'en' => '(no group)'],
        'open_bills_amount' => ['bg' => 'Сума отворени сметки', 'en' => 'Open bills amount'],
        'closed_bills_count' => ['bg' => 'Закрити сметки', 'en' => 'Closed bills'],
        'closed_bills_amount' => ['bg' => 'Сума закрити сметки', 'en' => 'Closed bills amount'],
        'voided' => ['bg' => 'сторно', 'en' => 'voided'],
        'void_open' => ['bg' => 'Отворени сметки', 'en' => 'Open bills'],
        'void_closed' => ['bg' => 'Закрити сметки', 'en' => 'Closed bills'],
        'months' => [
            'bg' => 'Януари|Февруари|Март|Април|Май|Юни|Юли|Август|Септември|Октомври|Ноември|Декември',
            'en' => 'January|February|March|April|May|June|July|August|September|October|November|December',
        ],
        'weekdays' => ['bg' => 'Пн|Вт|Ср|Чт|Пт|Сб|Нд', 'en' => 'Mon|Tue|Wed|Thu|Fri|Sat|Sun'],
    ];

    public function __construct(public readonly string $lang = 'bg')
    {
        if (!in_array($lang, self::LANGS, true)) {
            throw new \InvalidArgumentException('unsupported language');
        }
    }

    /**
     * Language for this request: an explicit valid `lang` wins, then the session's choice,
     * else Bulgarian (the browser's Accept-Language is not consulted, see the class comment).
     */
    public static function negotiate(mixed $requested, mixed $session): string
    {
        foreach ([$requested, $session] as $v) {
            if (is_string($v) && in_array($v, self::LANGS, true)) {
                return $v;
            }
        }
        return 'bg';
    }

    public function t(string $key, mixed ...$args): string
    {
        $s = self::T[$key][$this->lang] ?? \Dreport\Items\ItemTexts::T[$key][$this->lang]
            ?? ReportTexts::T[$key][$this->lang] ?? $key;
        return $args === [] ? $s : vsprintf($s, $args);
    }

    public function has(string $key): bool
    {
        return isset(self::T[$key]) || isset(\Dreport\Items\ItemTexts::T[$key]) || isset(ReportTexts::T[$key]);
    }

    public function monthName(int $month): string
    {
        return explode('|', self::T['months'][$this->lang])[max(1, min(12, $month)) - 1];
    }

    public function weekday(\DateTimeInterface $d): string
    {
        return explode('|', self::T['weekdays'][$this->lang])[(int) $d->format('N') - 1];
    }

    /** @return list<string> every key (used by the test that both languages are complete) */
    public static function keys(): array
    {
        return array_keys(self::T + \Dreport\Items\ItemTexts::T + ReportTexts::T);
    }
}
