<?php

declare(strict_types=1);

namespace Dreport\Items;

/**
 * The item pages' texts (Bulgarian and English), part of the viewer's one text table:
 * {@see \Dreport\Viewer\I18n} looks keys up here after its own table. Kept apart so the
 * item pages can grow without touching the reports' texts.
 */
final class ItemTexts
{
    /** @var array<string,array{bg:string,en:string}> */
    public const T = [
        'itm_search_title' => ['bg' => 'Редакция на артикул', 'en' => 'Edit items'],
        'itm_card_title' => ['bg' => 'Артикул', 'en' => 'Item'],
        'itm_promotions_title' => ['bg' => 'Промоции', 'en' => 'Promotions'],
        'itm_operator_title' => ['bg' => 'Оператор за редакция', 'en' => 'Operator for item changes'],
        'itm_search' => ['bg' => 'Търси', 'en' => 'Search'],
        'itm_search_by' => ['bg' => 'Търсене по', 'en' => 'Search by'],
        'itm_f_name' => ['bg' => 'Име (част от него)', 'en' => 'Name (part of it)'],
        'itm_f_numb' => ['bg' => 'Номер', 'en' => 'Number'],
        'itm_f_price' => ['bg' => 'Продажна цена', 'en' => 'Sell price'],
        'itm_f_barcode' => ['bg' => 'Баркод', 'en' => 'Barcode'],
        'itm_search_invalid' => [
            'bg' => 'Невалидна стойност за търсене: номерът е цяло число, цената е число с до 4 знака след точката, баркодът е само цифри, името е до 60 знака на кирилица или латиница.',
            'en' => 'Invalid search value: a number is a whole number, a price has at most 4 decimals, a barcode is digits only, a name is at most 60 Cyrillic or Latin characters.',
        ],
        'itm_none' => ['bg' => 'Няма намерени артикули.', 'en' => 'No items found.'],
        'itm_page' => ['bg' => 'Страница %d', 'en' => 'Page %d'],
        'itm_prev' => ['bg' => '‹ Назад', 'en' => '‹ Previous'],
        'itm_next' => ['bg' => 'Напред ›', 'en' => 'Next ›'],
        'itm_central' => ['bg' => 'Централна база', 'en' => 'Central database'],
        'itm_branch' => ['bg' => 'База на филиал', 'en' => 'Branch database'],
        'itm_number' => ['bg' => 'Номер', 'en' => 'Number'],
        'itm_name' => ['bg' => 'Име', 'en' => 'Name'],
        'itm_ecr_name' => ['bg' => 'Касово име', 'en' => 'Till name'],
        'itm_group' => ['bg' => 'Група', 'en' => 'Group'],
        'itm_tax_group' => ['bg' => 'Данъчна група', 'en' => 'Tax group'],
        'itm_sell_price' => ['bg' => 'Продажна цена', 'en' => 'Sell price'],
        'itm_buy_price' => ['bg' => 'Доставна цена', 'en' => 'Buy price'],
        'itm_barcodes' => ['bg' => 'Баркодове', 'en' => 'Barcodes'],
        'itm_promotion_flag' => ['bg' => 'Промоция', 'en' => 'Promotion'],
        'itm_sale_blocked' => ['bg' => 'Забранен за продажба', 'en' => 'Sale blocked'],
        'itm_local_price' => ['bg' => 'Локална цена (филиал)', 'en' => 'Local price (branch)'],
        'itm_yes' => ['bg' => 'да', 'en' => 'yes'],
        'itm_no' => ['bg' => 'не', 'en' => 'no'],
        'itm_save' => ['bg' => 'Запази', 'en' => 'Save'],
        'itm_block' => ['bg' => 'Забрани продажбата', 'en' => 'Block sale'],
        'itm_unblock' => ['bg' => 'Разреши продажбата', 'en' => 'Allow sale'],
        'itm_links' => ['bg' => 'Справки', 'en' => 'Reports'],
        'itm_stock' => ['bg' => 'Наличност по складове', 'en' => 'Stock per storage'],
        'itm_daily' => ['bg' => 'Дневни продажби', 'en' => 'Daily sales'],
        'itm_monthly' => ['bg' => 'Месечни продажби', 'en' => 'Monthly sales'],
        'itm_promotions' => ['bg' => 'Промоции', 'en' => 'Promotions'],
        'itm_back_search' => ['bg' => '‹ Търсене', 'en' => '‹ Search'],
        'itm_back_card' => ['bg' => '‹ Артикул', 'en' => '‹ Item'],
        'itm_not_found' => ['bg' => 'Артикулът не е намерен в базата на обекта.', 'en' => 'The item is not in the shop\'s database.'],
        'itm_fresh' => ['bg' => 'Данните са прочетени от обекта сега.', 'en' => 'Read from the shop just now.'],
        'itm_operator_link' => ['bg' => 'Оператор за редакция', 'en' => 'Operator for changes'],
        'itm_operator_none' => ['bg' => 'не е зададен', 'en' => 'not set'],
        'itm_operator_intro' => [
            'bg' => 'Промени по артикулите се правят от името на оператор от базата на обекта. Въведете неговото потребителско име и парола веднъж; паролата се пази криптирана и се проверява в обекта при всяка промяна.',
            'en' => 'Item changes are made in the name of an operator of the shop\'s database. Enter the operator\'s username and password once; the password is stored encrypted and checked by the shop on every change.',
        ],
        'itm_operator_current' => ['bg' => 'Текущ оператор: %s', 'en' => 'Current operator: %s'],
        'itm_username' => ['bg' => 'Потребителско име', 'en' => 'Username'],
        'itm_password' => ['bg' => 'Парола', 'en' => 'Password'],
        'itm_operator_clear' => ['bg' => 'Премахни оператора', 'en' => 'Remove the operator'],
        'itm_operator_saved' => [
            'bg' => 'Операторът е запазен и обектът го потвърди.',
            'en' => 'The operator was saved and the shop confirmed it.',
        ],
        'itm_operator_saved_refused' => [
            'bg' => 'Операторът е запазен, но обектът не го приема: %s',
            'en' => 'The operator was saved, but the shop does not accept it: %s',
        ],
        'itm_operator_saved_unchecked' => [
            'bg' => 'Операторът е запазен, но не можа да бъде проверен сега: %s',
            'en' => 'The operator was saved but could not be checked now: %s',
        ],
        'itm_operator_cleared' => ['bg' => 'Операторът е премахнат.', 'en' => 'The operator was removed.'],
        'itm_edit_ok' => ['bg' => 'Оператор %s може да редактира.', 'en' => 'Operator %s may make changes.'],
        'itm_edit_branch_price' => [
            'bg' => 'База на филиал: оператор %s може да променя само цената на този артикул (локална цена).',
            'en' => 'Branch database: operator %s may change only this item\'s price (local price).',
        ],
        'itm_refused' => ['bg' => 'Промяната не е направена: %s', 'en' => 'Nothing was changed: %s'],
        'itm_ok_price' => ['bg' => 'Цената е променена.', 'en' => 'The price was changed.'],
        'itm_ok_price_stored' => [
            'bg' => 'Цената е променена; базата на обекта я пази като %s (по-малко знаци след точката).',
            'en' => 'The price was changed; the shop\'s database keeps it as %s (fewer decimals).',
        ],
        'itm_ok_name' => ['bg' => 'Името е променено.', 'en' => 'The name was changed.'],
        'itm_ok_ecrname' => ['bg' => 'Касовото име е променено.', 'en' => 'The till name was changed.'],
        'itm_ok_block' => ['bg' => 'Забраната за продажба е променена.', 'en' => 'The sale block was changed.'],
        'itm_ok_promo_add' => ['bg' => 'Промоцията е създадена.', 'en' => 'The promotion was created.'],
        'itm_ok_promo_delete' => ['bg' => 'Промоцията е изтрита.', 'en' => 'The promotion was deleted.'],
        'itm_err_price' => [
            'bg' => 'цената трябва да е число от 0 до 999999.9999 с най-много 4 знака след точката.',
            'en' => 'the price must be a number from 0 to 999999.9999 with at most 4 decimals.',
        ],
        'itm_err_percent' => [
            'bg' => 'отстъпката трябва да е процент над 0 и до 100, с най-много 4 знака след точката.',
            'en' => 'the discount must be a percentage above 0 and at most 100, with at most 4 decimals.',
        ],
        'itm_err_name' => [
            'bg' => 'името трябва да е от 1 до 60 знака, само букви (кирилица/латиница), цифри и знаци, които касата поддържа.',
            'en' => 'the name must be 1 to 60 characters that the shop\'s database can store (Cyrillic/Latin letters, digits, punctuation).',
        ],
        'itm_err_ecr_name' => [
            'bg' => 'касовото име трябва да е от 1 до 24 знака, които касата поддържа.',
            'en' => 'the till name must be 1 to 24 characters that the shop\'s database can store.',
        ],
        'itm_err_flag' => ['bg' => 'невалидна стойност.', 'en' => 'invalid value.'],
        'itm_err_plu' => ['bg' => 'невалиден номер на артикул.', 'en' => 'invalid item number.'],
        'itm_err_action' => ['bg' => 'непозната операция.', 'en' => 'unknown operation.'],
        'itm_err_promotion' => ['bg' => 'няма такава промоция за този артикул.', 'en' => 'this item has no such promotion.'],
        'itm_err_promo_type' => ['bg' => 'изберете цена или отстъпка %.', 'en' => 'choose a price or a discount %.'],
        'itm_err_date' => ['bg' => 'въведете истински начална и крайна дата.', 'en' => 'enter a real start and end date.'],
        'itm_err_date_order' => ['bg' => 'крайната дата е преди началната.', 'en' => 'the end date is before the start date.'],
        'itm_err_time' => ['bg' => 'въведете истински начален и краен час.', 'en' => 'enter a real start and end time.'],
        'itm_err_time_order' => ['bg' => 'крайният час трябва да е след началния.', 'en' => 'the end time must be after the start time.'],
        'itm_err_priority' => ['bg' => 'приоритетът е от 1 до 10.', 'en' => 'the priority is 1 to 10.'],
        'itm_err_days' => ['bg' => 'изберете поне един ден от седмицата.', 'en' => 'choose at least one day of the week.'],
        'itm_err_subscription' => [
            'bg' => 'абонаментът на обекта е изтекъл или не е активен.',
            'en' => 'the object\'s subscription has expired or is not active.',
        ],
        'itm_err_no_key' => [
            'bg' => 'сайтът няма настроен ключ за пазене на оператори (DREPORT_SECRET_KEY); редакцията е изключена.',
            'en' => 'the site has no key for storing operator logins (DREPORT_SECRET_KEY); item changes are off.',
        ],
        'itm_err_no_operator' => [
            'bg' => 'няма зададен оператор за редакция на този обект (въведете го в „Оператор за редакция“).',
            'en' => 'no operator for item changes is set for this object (enter one under "Operator for changes").',
        ],
        'itm_err_operator_wrong' => [
            'bg' => 'грешно потребителско име или парола на оператора.',
            'en' => 'wrong operator username or password.',
        ],
        'itm_err_operator_expired' => [
            'bg' => 'операторът вече не е активен в базата на обекта (изтекъл срок).',
            'en' => 'the operator is no longer active in the shop\'s database (expired).',
        ],
        'itm_err_branch' => [
            'bg' => 'това е база на филиал: името, касовото име, забраната и промоциите се променят само в централната база.',
            'en' => 'this is a branch database: name, till name, sale block and promotions can only be changed in the central database.',
        ],
        'itm_err_branch_price' => [
            'bg' => 'това е база на филиал, а артикулът няма локална цена: цената се променя в централната база.',
            'en' => 'this is a branch database and the item has no local price: change the price in the central database.',
        ],
        'itm_err_not_found' => ['bg' => 'артикулът не е намерен в базата на обекта.', 'en' => 'the item is not in the shop\'s database.'],
        'itm_err_no_answer' => ['bg' => 'обектът не върна нужните данни.', 'en' => 'the shop did not return the data needed.'],
        'itm_err_sql' => [
            'bg' => 'базата на обекта отказа промяната (SQL грешка); нищо не е променено.',
            'en' => 'the shop\'s database refused the change (SQL error); nothing was changed.',
        ],
        'itm_err_shop' => ['bg' => 'обектът върна грешка.', 'en' => 'the shop reported an error.'],
        'itm_err_username' => [
            'bg' => 'Потребителското име трябва да е от 1 до 30 знака.',
            'en' => 'The username must be 1 to 30 characters.',
        ],
        'itm_err_password' => [
            'bg' => 'Въведете паролата на оператора (до 32 знака).',
            'en' => 'Enter the operator\'s password (at most 32 characters).',
        ],
        'itm_promo_active' => ['bg' => 'Активни промоции', 'en' => 'Active promotions'],
        'itm_promo_past' => ['bg' => 'Минали и неактивни', 'en' => 'Past and inactive'],
        'itm_promo_none' => ['bg' => 'Няма.', 'en' => 'None.'],
        'itm_promo_new' => ['bg' => 'Нова промоция', 'en' => 'New promotion'],
        'itm_promo_period' => ['bg' => 'Период', 'en' => 'Period'],
        'itm_promo_hours' => ['bg' => 'Часове', 'en' => 'Hours'],
        'itm_promo_value' => ['bg' => 'Цена / %', 'en' => 'Price / %'],
        'itm_promo_priority' => ['bg' => 'Приоритет', 'en' => 'Priority'],
        'itm_promo_days' => ['bg' => 'Дни', 'en' => 'Days'],
        'itm_promo_type_price' => ['bg' => 'Фиксирана цена', 'en' => 'Fixed price'],
        'itm_promo_type_percent' => ['bg' => 'Отстъпка %', 'en' => 'Discount %'],
        'itm_promo_value_label' => ['bg' => 'Цена или процент', 'en' => 'Price or percentage'],
        'itm_promo_from_date' => ['bg' => 'От дата', 'en' => 'From date'],
        'itm_promo_to_date' => ['bg' => 'До дата', 'en' => 'To date'],
        'itm_promo_from_time' => ['bg' => 'От час', 'en' => 'From time'],
        'itm_promo_to_time' => ['bg' => 'До час', 'en' => 'To time'],
        'itm_promo_create' => ['bg' => 'Създай промоцията', 'en' => 'Create the promotion'],
        'itm_promo_delete' => ['bg' => 'Изтрий', 'en' => 'Delete'],
        'itm_promo_central_only' => [
            'bg' => 'Промоции се създават и изтриват само в централната база.',
            'en' => 'Promotions are created and deleted in the central database only.',
        ],
    ];
}
